using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Pipeline.Findings;
using ChestScreener.Pipeline.Tests.Fakes;

namespace ChestScreener.Pipeline.Tests.Findings;

/// <summary>Per-finding numbers: the share of the anomalous volume, longest diameter (outer edges) and slice range.</summary>
public class FindingMeasurementsTests
{
    private static readonly FindingOptions Options = new() { VoxelThreshold = 0.7, MinFindingVolumeMm3 = 10 };

    [Fact]
    public void A_rod_measures_its_length_edge_to_edge_and_the_findings_add_up_to_the_anomalous_volume()
    {
        var g = VolumeGeometry.Axial(60, 40, 30, new Vec3(0.7, 0.7, 1.25));
        var scores = new Volume<float>(g);
        for (int x = 10; x <= 30; x++) { scores[x, 20, 12] = 0.9f; scores[x, 21, 12] = 0.9f; scores[x, 20, 13] = 0.9f; scores[x, 21, 13] = 0.9f; }
        Synthetic.Sphere(scores, 45, 10, 20, 3, 0.8f);
        scores[5, 35, 5] = 0.99f; // a speck: in the study's volume, in no finding

        var set = FindingExtractor.Extract(scores, null, Options);

        var rod = set.Findings.Single(f => f.BboxVoxel.Min[0] == 10);
        // A 21 x 2 x 2 voxel rod: the longest chord runs corner to corner, (14, 0.7, 1.25) mm between voxel centres,
        // plus one voxel's width along that line.
        double chord = Math.Sqrt(14 * 14 + 0.7 * 0.7 + 1.25 * 1.25);
        double width = (14 * 0.7 + 0.7 * 0.7 + 1.25 * 1.25) / chord;
        Assert.Equal(chord + width, rod.LongestDiameterMm!.Value, 0.051);
        Assert.Equal([13, 14], rod.SliceRange!);
        Assert.Equal(Math.Round(84 * 0.9 * g.VoxelVolumeMm3, 1), rod.AnomalousVolumeMm3!.Value, 6);
        var sphere = set.Findings.Single(f => f != rod);
        // A 7-voxel-wide ball: 6 spacings plus one voxel across, at least along the axes.
        Assert.InRange(sphere.LongestDiameterMm!.Value, 7 * 0.7, 7 * 1.25 + 0.1);
        Assert.Equal(set.AnomalousVolumeMm3, set.Findings.Sum(f => f.AnomalousVolumeMm3!.Value) + 0.99 * g.VoxelVolumeMm3, 1);
    }

    [Fact]
    public void A_diagonal_rod_measures_along_its_diagonal()
    {
        var g = VolumeGeometry.Axial(30, 30, 10, new Vec3(1, 1, 1));
        var scores = new Volume<float>(g);
        for (int i = 0; i < 10; i++) for (int z = 4; z <= 5; z++) { scores[5 + i, 5 + i, z] = 0.9f; scores[6 + i, 5 + i, z] = 0.9f; }
        var f = FindingExtractor.Extract(scores, null, Options).Findings.Single();
        // Farthest centres (5,5) and (15,14): sqrt(10² + 9² + 1²) = 13.49; plus the voxel's width along that line (~1.70).
        Assert.InRange(f.LongestDiameterMm!.Value, 13.49, 13.49 + Math.Sqrt(3) + 0.05);
        Assert.True(f.LongestDiameterMm > 14.5, $"{f.LongestDiameterMm}");
    }
}
