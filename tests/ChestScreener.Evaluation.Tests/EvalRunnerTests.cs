using System.Text.Json;
using ChestScreener.Anatomy;
using ChestScreener.Dicom;
using ChestScreener.Evaluation.Eval;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Model;
using ChestScreener.Pipeline.Stages;
using ChestScreener.Results;
using ChestScreener.Tests;

namespace ChestScreener.Evaluation.Tests;

public class EvalRunnerTests
{
    [Fact]
    public void Eval_over_a_tiny_labelled_set_gives_the_expected_numbers_and_files()
    {
        using var temp = TestData.NewTempFolder();
        var rows = new List<ManifestRow>();
        // Two normals, two lesions (a 15 mm cube of +50 HU: 3375 mm3 > the 1800 mm3 limit), one lesion too small to call.
        rows.Add(Study(temp.Path, "n1", "normal", 0));
        rows.Add(Study(temp.Path, "n2", "normal", 0));
        rows.Add(Study(temp.Path, "p1", "pathology", 15));
        rows.Add(Study(temp.Path, "p2", "pathology", 16));
        rows.Add(Study(temp.Path, "p3", "pathology", 6));
        rows.Add(new ManifestRow { Study = "bad", Path = Path.Combine(temp.Path, "missing.nii.gz"), Label = "reject" });
        var manifest = Path.Combine(temp.Path, "manifest.csv");
        EvalManifest.Write(manifest, rows);
        Assert.Equal(rows.Select(r => (r.Study, r.Label, r.Mask)), EvalManifest.Read(manifest).Select(r => (r.Study, r.Label, r.Mask)));

        var options = new EvalOptions { ManifestPath = manifest, OutputFolder = Path.Combine(temp.Path, "eval"), BootstrapResamples = 200 };
        var runner = new EvalRunner(options, new DicomVolumeSource(ReadOptions.NoChestChecks), new AllLung(), new BrightIsAnomalous());
        var report = runner.Run();

        Assert.Equal((2, 3, 1), (report.Normals, report.Pathologies, report.Rejects));
        Assert.Equal(1.0, report.StudyAuc!.Estimate); // even the 216 mm3 lesion scores above the 0 mm3 normals
        Assert.Equal((2, 1, 2, 0), (report.Shipped.TruePositives, report.Shipped.FalseNegatives, report.Shipped.TrueNegatives, report.Shipped.FalsePositives));
        Assert.Equal(216, report.AtTargetSensitivity!.Threshold, 6);
        Assert.Equal(1.0, report.AtTargetSensitivity.Sensitivity);
        Assert.Equal(1.0, report.TopFindingHitRate);
        Assert.Equal(1.0, report.VoxelAucPooled);
        Assert.Equal(1.0, report.GateRejectAccuracy); // the missing file is rejected, not a crash
        var solid = Assert.Single(report.ByKind);
        Assert.Equal(("solid_nodule", 3, 2, 3), (solid.Group, solid.Studies, solid.Flagged, solid.TopFindingHits));
        foreach (var f in new[] { "eval.json", "roc.png", "scores.png", "summary.md", "results/p1/result.json" })
            Assert.True(File.Exists(Path.Combine(options.OutputFolder, f)), f);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(options.OutputFolder, "eval.json")));
        Assert.Equal(1.0, json.RootElement.GetProperty("study_auc").GetProperty("estimate").GetDouble());
        Assert.Contains("| solid nodule | 3 | 2 | 3 |", File.ReadAllText(Path.Combine(options.OutputFolder, "summary.md")));
    }

    private static ManifestRow Study(string folder, string name, string label, int cube)
    {
        var g = VolumeGeometry.Axial(40, 40, 30, new Vec3(1, 1, 1), new Vec3(-20, -20, -15));
        var hu = new Volume<short>(g);
        Array.Fill(hu.Data, (short)-850);
        var mask = new Volume<byte>(g);
        for (int z = 5; z < 5 + cube; z++)
            for (int y = 10; y < 10 + cube; y++)
                for (int x = 12; x < 12 + cube; x++) { hu[x, y, z] = 50; mask[x, y, z] = 1; }
        var path = Path.Combine(folder, name + ".nii.gz");
        NiftiWriter.Write(path, hu);
        string maskPath = "";
        if (cube > 0)
        {
            maskPath = Path.Combine(folder, name + "-mask.nii.gz");
            NiftiWriter.Write(maskPath, mask);
        }
        return new ManifestRow { Study = name, Path = path, Label = label, Kind = cube > 0 ? "solid_nodule" : "none", SizeMm = cube > 0 ? cube : null, Mask = maskPath };
    }

    private sealed class AllLung : IAnatomyStage
    {
        public AnatomyResult Analyze(CtVolume ct, int threads)
        {
            var labels = ct.Hu.Like<byte>();
            Array.Fill(labels.Data, RegionMap.RightLungUpper);
            var body = ct.Hu.Like<byte>();
            Array.Fill(body.Data, (byte)1);
            return new AnatomyResult { Labels = labels, Body = body };
        }
    }

    private sealed class BrightIsAnomalous : IAnomalyStage
    {
        public ModelInfo Model => new("threshold-stand-in", "0");
        public DecisionThresholds Decision => new();
        public Volume<float> Score(CtVolume ct, AnatomyResult anatomy)
        {
            var s = ct.Hu.Like<float>();
            for (int i = 0; i < s.Data.Length; i++) s.Data[i] = ct.Hu.Data[i] > 0 ? 1f : 0f;
            return s;
        }
        public void Dispose() { }
    }
}
