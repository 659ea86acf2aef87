using System.Text.Json;
using ChestScreener.Imaging;
using ChestScreener.Pipeline.Stages;
using ChestScreener.Pipeline.Tests.Fakes;
using ChestScreener.Results;
using ChestScreener.Tests;

namespace ChestScreener.Pipeline.Tests;

/// <summary>The real reader and anatomy with a score map that marks the dense voxels of the known lesion: checks naming and boxes on real geometry without the model.</summary>
public class RealStagesTests
{
    [SkippableFact]
    public void Popi_mass_scored_by_hand_is_a_right_lung_finding_inside_the_lesion_box()
    {
        var study = TestData.Require("chest/popi-00");
        using var lesions = JsonDocument.Parse(File.ReadAllText(TestData.Require("chest/lesions.json")));
        var lesion = lesions.RootElement.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "popi-00")
            .GetProperty("lesions")[0];
        int[] vmin = lesion.GetProperty("bbox_voxel").GetProperty("min").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int[] vmax = lesion.GetProperty("bbox_voxel").GetProperty("max").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        double[] mmin = lesion.GetProperty("bbox_mm_lps").GetProperty("min").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double[] mmax = lesion.GetProperty("bbox_mm_lps").GetProperty("max").EnumerateArray().Select(e => e.GetDouble()).ToArray();

        Volume<float> Score(CtVolume ct)
        {
            var s = ct.Hu.Like<float>();
            for (int z = vmin[2]; z <= vmax[2]; z++)
            for (int y = vmin[1]; y <= vmax[1]; y++)
            for (int x = vmin[0]; x <= vmax[0]; x++)
                if (ct.Hu[x, y, z] > -300) s[x, y, z] = 0.95f;
            return s;
        }

        using var pipeline = new StudyPipeline(new DicomVolumeSource(), new AnatomyStage(), new FakeAnomaly(Score), new PipelineOptions { Threads = 2 });
        var r = pipeline.Run(study, [study]).Result;

        Assert.True(r.Status == ResultStatus.Ok, r.Rejection?.Message);
        Assert.Equal(Verdict.Pathology, r.Verdict);
        var top = r.Findings![0];
        Assert.StartsWith("right_lung", top.Region);
        for (int a = 0; a < 3; a++)
        {
            Assert.InRange(top.BboxVoxel.Min[a], vmin[a], vmax[a]);
            Assert.InRange(top.BboxVoxel.Max[a], vmin[a], vmax[a]);
            // The LPS box lies within the lesion's LPS box widened by one voxel (boxes are outer edges on both sides).
            Assert.InRange(top.BboxMmLps.Min[a], mmin[a] - 2.1, mmax[a]);
            Assert.InRange(top.BboxMmLps.Max[a], mmin[a], mmax[a] + 2.1);
        }
    }
}
