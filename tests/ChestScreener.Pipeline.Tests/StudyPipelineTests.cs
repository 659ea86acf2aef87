using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Model;
using ChestScreener.Pipeline.Tests.Fakes;
using ChestScreener.Reports;
using ChestScreener.Results;
using ChestScreener.Tests;

namespace ChestScreener.Pipeline.Tests;

public class StudyPipelineTests
{
    private static readonly VolumeGeometry Grid = VolumeGeometry.Axial(48, 40, 30, new Vec3(2, 2, 2), new Vec3(-48, -40, -300));

    private static StudyPipeline Pipeline(Func<IReadOnlyList<string>, CtVolume>? load = null, Func<CtVolume, Volume<float>>? score = null,
        OutputFormats formats = OutputFormats.Json)
    {
        load ??= _ => Synthetic.Ct(Grid);
        score ??= ct =>
        {
            var s = ct.Hu.Like<float>();
            // Right lung (LPS x < 0): a 9 mm-radius lesion, 6-voxel radius at 2 mm; 257*... voxels of 0.9.
            Synthetic.Sphere(s, 10, 20, 15, 6, 0.9f);
            Synthetic.Sphere(s, 38, 20, 15, 1, 0.8f); // small left finding: 7 voxels = 56 mm3
            return s;
        };
        return new StudyPipeline(new FakeSource(load), new FakeAnatomy(ct => Synthetic.Anatomy(ct.Geometry)), new FakeAnomaly(score),
            new PipelineOptions { Threads = 2, Formats = formats });
    }

    [Fact]
    public void Ok_study_gets_verdict_findings_timings_and_a_result_json_that_round_trips()
    {
        using var temp = TestData.NewTempFolder();
        using var pipeline = Pipeline();
        var stages = new List<string>();
        var run = pipeline.Run("study-a", ["a.dcm"], r => Path.Combine(temp.Path, r.StudyUid), stages.Add);

        var r = run.Result;
        Assert.Equal(ResultStatus.Ok, r.Status);
        Assert.Equal(Verdict.Pathology, r.Verdict);
        Assert.Equal("1.2.3.4", r.StudyUid);
        Assert.Equal("1.2.3.4.5", r.SeriesUid);
        Assert.Equal(2, r.Findings!.Count);
        var top = r.Findings[0];
        Assert.Equal("right_lung_upper", top.Region);
        Assert.True(top.BboxMmLps.Max[0] < 0, "the top finding lies at patient right (LPS x < 0)");
        // 6-voxel-radius sphere: 925 voxels of 8 mm3 at 0.9, plus the 7-voxel one at 0.8.
        Assert.Equal(925 * 8.0, top.VolumeMm3, 6);
        Assert.Equal((925 * 0.9 + 7 * 0.8) * 8, r.AnomalousVolumeMm3!.Value, 1);
        Assert.True(r.ProbabilityOfPathology > 0.99);
        Assert.Equal(["load", "anatomy", "model", "findings", "report", "total"], r.TimingS.Keys.ToArray());
        Assert.Equal(["load", "anatomy", "model", "findings", "report"], stages.ToArray());
        Assert.All(r.TimingS.Values, t => Assert.True(t >= 0));
        Assert.Equal(new ModelInfo("fake-model", "0.0.1"), r.Model);
        // The default decision block scores the whole body: the result says so.
        Assert.Equal(ScoredRegion.From(-1, -1), r.Scored);
        Assert.Equal(ScoredRegion.Body, r.Scored!.Kind);
        Assert.Contains("synthetic warning", r.Warnings);
        Assert.Equal(1100, r.Anatomy!.LungVolumeMl.Right);

        var json = File.ReadAllText(Path.Combine(run.Folder!, "result.json"));
        Assert.Contains("\"schema\": \"chestscreener.result/1\"", json);
        Assert.Contains("\"timing_s\"", json);
        Assert.Contains("\"bbox_mm_lps\"", json);
        Assert.DoesNotContain("\"rejection\"", json);
        var back = ResultJson.Deserialize(json);
        Assert.Equal(r.Findings[0].BboxVoxel.Min, back.Findings![0].BboxVoxel.Min);
        Assert.Equal(r.ProbabilityOfPathology, back.ProbabilityOfPathology);
    }

    [Fact]
    public void Study_below_the_volume_limit_is_normal()
    {
        using var pipeline = Pipeline(score: ct =>
        {
            var s = ct.Hu.Like<float>();
            Synthetic.Sphere(s, 10, 20, 15, 3, 0.9f); // 123 voxels * 8 mm3 * 0.9 = 886 mm3 < 1800
            return s;
        });
        var r = pipeline.Run("study-b", ["b"]).Result;
        Assert.Equal(Verdict.Normal, r.Verdict);
        Assert.True(r.ProbabilityOfPathology < 0.5);
        Assert.Single(r.Findings!);
    }

    [Theory]
    [InlineData(RejectionCode.NotCt, ResultStatus.Rejected, "not_ct")]
    [InlineData(RejectionCode.CorruptFile, ResultStatus.Rejected, "corrupt_file")]
    [InlineData(RejectionCode.InternalError, ResultStatus.Failed, "internal_error")]
    public void Screener_exceptions_become_rejections_with_their_code(RejectionCode code, ResultStatus status, string wire)
    {
        using var temp = TestData.NewTempFolder();
        using var pipeline = Pipeline(load: _ => throw new ScreenerException(code, "explained"));
        var run = pipeline.Run("bad", ["bad.dcm"], _ => Path.Combine(temp.Path, "bad"));
        Assert.Equal(status, run.Result.Status);
        Assert.Equal(new Rejection(wire, "explained"), run.Result.Rejection);
        Assert.Null(run.Result.Verdict);
        Assert.Null(run.Result.Findings);
        Assert.True(run.Result.TimingS.ContainsKey("total"));
        Assert.True(File.Exists(Path.Combine(temp.Path, "bad", "result.json")));
    }

    [Fact]
    public void Gate_rejection_after_loading_keeps_the_uids()
    {
        var pipeline = new StudyPipeline(new FakeSource(_ => Synthetic.Ct(Grid)),
            new FakeAnatomy(_ => throw new ScreenerException(RejectionCode.NotChest, "no lungs")), new FakeAnomaly(ct => ct.Hu.Like<float>()));
        var r = pipeline.Run("abdomen", ["x.nii.gz"]).Result;
        Assert.Equal(ResultStatus.Rejected, r.Status);
        Assert.Equal("not_chest", r.Rejection!.Code);
        Assert.Equal("1.2.3.4", r.StudyUid);
    }

    [Fact]
    public void Unexpected_exceptions_give_a_failed_result_not_a_crash()
    {
        using var pipeline = Pipeline(score: _ => throw new InvalidOperationException("descriptor output has the wrong shape"));
        var r = pipeline.Run("s", ["s"]).Result;
        Assert.Equal(ResultStatus.Failed, r.Status);
        Assert.Equal("internal_error", r.Rejection!.Code);
        Assert.Equal("InvalidOperationException: descriptor output has the wrong shape", r.Rejection.Message);
        Assert.True(r.TimingS.ContainsKey("model"));
    }

    [Fact]
    public void A_full_disk_in_a_stage_or_while_writing_outputs_fails_with_storage_full_not_internal_error()
    {
        using var spill = Pipeline(score: _ => throw StorageErrors.NoSpaceLeft("/tmp/onnx-arena"));
        var r = spill.Run("s", ["s"]).Result;
        Assert.Equal((ResultStatus.Failed, "storage_full"), (r.Status, r.Rejection!.Code));

        using var pipeline = Pipeline();
        var run = pipeline.Run("s", ["s"], _ => throw StorageErrors.NoSpaceLeft("/data/studies/x/work"));
        Assert.Equal((ResultStatus.Failed, "storage_full"), (run.Result.Status, run.Result.Rejection!.Code));
        Assert.Null(run.Folder);
    }

    [Fact]
    public void Score_map_on_another_grid_is_a_failure_with_a_clear_message()
    {
        using var pipeline = Pipeline(score: _ => new Volume<float>(VolumeGeometry.Axial(4, 4, 4, new Vec3(1, 1, 1))));
        var r = pipeline.Run("s", ["s"]).Result;
        Assert.Equal(ResultStatus.Failed, r.Status);
        Assert.Contains("anomaly scores are 4x4x4", r.Rejection!.Message);
    }

    [Fact]
    public void Nifti_outputs_are_on_the_ct_grid_and_hold_the_finding_ids()
    {
        using var temp = TestData.NewTempFolder();
        using var pipeline = Pipeline(formats: OutputFormats.Json | OutputFormats.Nifti);
        var run = pipeline.Run("study-a", ["a"], _ => temp.Path);
        Assert.Equal(ResultStatus.Ok, run.Result.Status);
        Assert.DoesNotContain(run.Result.Warnings, w => w.Contains("not written"));
        var ids = Imaging.Nifti.NiftiReader.Read(Path.Combine(temp.Path, "findings.nii.gz"));
        Assert.Equal(1f, ids.Values[10, 20, 15]);
        Assert.Equal(2f, ids.Values[38, 20, 15]);
        Assert.Equal(Grid.IndexToLps(10, 20, 15).X, ids.Values.Geometry.IndexToLps(10, 20, 15).X, 3);
        var hu = Imaging.Nifti.NiftiReader.Read(Path.Combine(temp.Path, "volume.nii.gz"));
        Assert.Equal(-800f, hu.Values[0, 0, 0]);
        Assert.Contains("right_lung_upper", File.ReadAllText(Path.Combine(temp.Path, "regions.json")));
        Assert.True(File.Exists(Path.Combine(temp.Path, "anomaly.nii.gz")));
        Assert.True(File.Exists(Path.Combine(temp.Path, "regions.nii.gz")));
    }
}
