using ChestScreener.Evaluation.Eval;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Results;

namespace ChestScreener.Evaluation.Tests;

/// <summary>The per-lesion measures of the patient-level evaluation on a hand-made score map.</summary>
public sealed class LesionScoringTests
{
    // A 30 x 10 x 10 row of 1 mm voxels. Lesion 1 at x 2-3, lesion 2 at x 10-11; "near" = within 4 voxels of a lesion.
    private static (LesionTruth Truth, Volume<float> Scores) Case()
    {
        var g = VolumeGeometry.Axial(30, 10, 10, new Vec3(1, 1, 1));
        var labels = new byte[g.VoxelCount];
        var near = new byte[g.VoxelCount];
        var scores = new float[g.VoxelCount];
        for (int z = 0; z < 10; z++)
            for (int y = 0; y < 10; y++)
                for (int x = 0; x < 30; x++)
                {
                    long i = g.Index(x, y, z);
                    if (x is 2 or 3) labels[i] = 1;
                    if (x is 10 or 11) labels[i] = 2;
                    if (x <= 7 || x is >= 6 and <= 15) near[i] = 1;
                    scores[i] = 0.1f;
                }
        // Lesion 1 scores high everywhere; lesion 2 only low; a lesion-free strip at x = 25 scores high.
        for (long i = 0; i < scores.Length; i++)
        {
            int x = (int)(i % 30);
            if (x is 2 or 3 or 25) scores[i] = 0.9f;
        }
        var truth = new LesionTruth { Labels = labels, Near = near, Lesions = [new(1, 12, "nodule"), new(2, 7, "nodule")] };
        return (truth, new Volume<float>(g, scores));
    }

    private static Finding FindingOver(int x0, int x1) => new() { BboxVoxel = new("column,row,slice", [x0, 0, 0], [x1, 9, 9]) };

    [Fact]
    public void A_lesion_counts_as_flagged_only_inside_a_listed_finding()
    {
        var (truth, scores) = Case();
        var none = LesionScoring.Measure(truth, scores, null, [], 0.7);
        Assert.All(none.Lesions, l => Assert.False(l.Flagged));
        Assert.Equal(0, none.LesionFreeAnomalousMm3);

        var both = LesionScoring.Measure(truth, scores, null, [FindingOver(0, 12), FindingOver(24, 26)], 0.7);
        Assert.Equal([true, false], both.Lesions.Select(l => l.Flagged));   // lesion 2 never exceeds 0.7
        Assert.Equal(100, both.LesionFreeAnomalousMm3);                     // the x = 25 strip: 10 x 10 voxels of 1 mm3
        Assert.Equal([12.0, 7.0], both.Lesions.Select(l => l.DiameterMm));
    }

    [Fact]
    public void Without_anatomy_there_is_no_lung_field_auroc()
    {
        var (truth, scores) = Case();
        Assert.Null(LesionScoring.Measure(truth, scores, null, [], 0.7).LungFieldAuc);
    }
}
