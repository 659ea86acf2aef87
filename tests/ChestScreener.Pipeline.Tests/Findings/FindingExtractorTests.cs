using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Components;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Pipeline.Findings;
using ChestScreener.Pipeline.Tests.Fakes;

namespace ChestScreener.Pipeline.Tests.Findings;

public class FindingExtractorTests
{
    private static readonly FindingOptions Options = new() { VoxelThreshold = 0.7, MinFindingVolumeMm3 = 10 };

    [Fact]
    public void Findings_are_sorted_by_score_sum_and_specks_only_count_in_the_anomalous_volume()
    {
        var g = VolumeGeometry.Axial(40, 40, 40, new Vec3(1, 1, 2)); // voxel = 2 mm3
        var scores = new Volume<float>(g);
        Synthetic.Sphere(scores, 10, 10, 10, 3, 0.8f);  // 123 voxels, smaller sum
        Synthetic.Sphere(scores, 28, 28, 28, 4, 0.95f); // 257 voxels, larger sum
        scores[35, 5, 5] = 0.99f;                        // speck: 2 mm3 < 10 mm3
        scores[20, 20, 20] = 0.7f;                       // exactly at threshold: not above it

        var set = FindingExtractor.Extract(scores, null, Options);

        Assert.Equal(2, set.Findings.Count);
        Assert.Equal(3, set.ComponentCount);
        var (big, small) = (set.Findings[0], set.Findings[1]);
        Assert.Equal(1, big.Id);
        Assert.Equal(257 * 2.0, big.VolumeMm3, 6);
        Assert.Equal(257 * 0.95, big.ScoreSum, 2);
        Assert.Equal(0.95, big.MaxScore, 4);
        Assert.Equal(123 * 2.0, small.VolumeMm3, 6);
        Assert.Equal([24, 24, 24], big.BboxVoxel.Min);
        Assert.Equal([32, 32, 32], big.BboxVoxel.Max);
        Assert.Equal("column,row,slice", big.BboxVoxel.Order);
        Assert.Equal([28, 28, 56], big.CenterMmLps);
        // Outer voxel edges: index +-0.5 times spacing.
        Assert.Equal([23.5, 23.5, 47], big.BboxMmLps.Min);
        Assert.Equal([32.5, 32.5, 65], big.BboxMmLps.Max);
        // Anomalous volume counts every above-threshold voxel, the speck too.
        Assert.Equal((257 * 0.95 + 123 * 0.8 + 0.99) * 2, set.AnomalousVolumeMm3, 3);
        Assert.Equal(257 + 123 + 1, set.AnomalousVoxels);
        // Id map holds exactly the listed findings.
        Assert.Equal(1, set.Ids[28, 28, 28]);
        Assert.Equal(2, set.Ids[10, 10, 10]);
        Assert.Equal(0, set.Ids[35, 5, 5]);
        Assert.Equal(257 + 123, set.Ids.Data.Count(v => v != 0));
    }

    [Fact]
    public void Regions_give_fractions_and_the_main_region_is_the_largest_overlap()
    {
        var g = VolumeGeometry.Axial(30, 10, 10, new Vec3(1, 1, 1));
        var scores = new Volume<float>(g);
        var regions = new Volume<byte>(g);
        // A 10-voxel bar along x from x=5..14; x<8 is right lung upper (3 voxels), x>=8 heart (7 voxels).
        for (int x = 5; x < 15; x++) { scores[x, 5, 5] = 0.9f; regions[x, 5, 5] = x < 8 ? RegionMap.RightLungUpper : RegionMap.Heart; }
        var set = FindingExtractor.Extract(scores, regions, Options with { MinFindingVolumeMm3 = 1 });
        var f = Assert.Single(set.Findings);
        Assert.Equal("heart", f.Region);
        Assert.Equal(2, f.Regions.Count);
        Assert.Equal(("heart", 0.7), (f.Regions[0].Name, f.Regions[0].Fraction));
        Assert.Equal(("right_lung_upper", 0.3), (f.Regions[1].Name, f.Regions[1].Fraction));
    }

    [Fact]
    public void Connectivity_option_decides_whether_diagonal_voxels_are_one_finding()
    {
        var g = VolumeGeometry.Axial(10, 10, 10, new Vec3(1, 1, 1));
        var scores = new Volume<float>(g);
        for (int i = 2; i < 8; i++) scores[i, i, i] = 0.9f;
        var options = Options with { MinFindingVolumeMm3 = 1 };
        Assert.Single(FindingExtractor.Extract(scores, null, options with { Connectivity = Connectivity.Full26 }).Findings);
        Assert.Equal(6, FindingExtractor.Extract(scores, null, options with { Connectivity = Connectivity.Faces6 }).Findings.Count);
    }

    [Fact]
    public void Empty_score_map_gives_no_findings_and_zero_volume()
    {
        var g = VolumeGeometry.Axial(8, 8, 8, new Vec3(1, 1, 1));
        var set = FindingExtractor.Extract(new Volume<float>(g), null, Options);
        Assert.Empty(set.Findings);
        Assert.Equal(0, set.AnomalousVolumeMm3);
    }

    [Fact]
    public void Listing_cap_keeps_the_largest_findings_and_reports_the_rest()
    {
        var g = VolumeGeometry.Axial(60, 10, 10, new Vec3(1, 1, 1));
        var scores = new Volume<float>(g);
        for (int k = 0; k < 10; k++)
            for (int x = 0; x <= k; x++) scores[k * 6 + x % 5, 2 + x / 5, 5] = 0.9f; // finding k has k+1 voxels
        var set = FindingExtractor.Extract(scores, null, Options with { MinFindingVolumeMm3 = 1, MaxFindings = 3 });
        Assert.Equal(3, set.Findings.Count);
        Assert.Equal(7, set.UnlistedFindings);
        Assert.Equal([10.0, 9.0, 8.0], set.Findings.Select(f => f.VolumeMm3).ToArray());
    }

    [Fact]
    public void Lps_box_of_a_finding_on_an_oblique_grid_holds_every_voxel_corner_and_is_tight()
    {
        var g = Synthetic.Oblique();
        var scores = new Volume<float>(g);
        Synthetic.Sphere(scores, 17, 20, 12, 4.5, 0.9f);
        var f = Assert.Single(FindingExtractor.Extract(scores, null, Options).Findings);
        var min = f.BboxMmLps.Min;
        var max = f.BboxMmLps.Max;

        // Every corner of every voxel of the voxel box lies inside the LPS box, and each face is reached by some corner.
        var reachedMin = new bool[3];
        var reachedMax = new bool[3];
        for (int c = 0; c < 8; c++)
        {
            double x = (c & 1) == 0 ? f.BboxVoxel.Min[0] - 0.5 : f.BboxVoxel.Max[0] + 0.5;
            double y = (c & 2) == 0 ? f.BboxVoxel.Min[1] - 0.5 : f.BboxVoxel.Max[1] + 0.5;
            double z = (c & 4) == 0 ? f.BboxVoxel.Min[2] - 0.5 : f.BboxVoxel.Max[2] + 0.5;
            var p = g.IndexToLps(x, y, z);
            for (int a = 0; a < 3; a++)
            {
                Assert.InRange(p[a], min[a] - 0.01, max[a] + 0.01);
                reachedMin[a] |= Math.Abs(p[a] - min[a]) < 0.01;
                reachedMax[a] |= Math.Abs(p[a] - max[a]) < 0.01;
            }
        }
        Assert.All(reachedMin, Assert.True);
        Assert.All(reachedMax, Assert.True);

        // The voxel box is the sphere's extent, and the LPS centre maps back to the sphere centre.
        Assert.Equal([13, 16, 8], f.BboxVoxel.Min);
        Assert.Equal([21, 24, 16], f.BboxVoxel.Max);
        var back = g.LpsToIndex(Vec3.FromArray(f.CenterMmLps));
        Assert.Equal(17, back.X, 1);
        Assert.Equal(20, back.Y, 1);
        Assert.Equal(12, back.Z, 1);

        // And the box in mm agrees with a box computed from the voxels themselves: each voxel centre lies inside.
        for (int z = 0; z < g.SizeZ; z++)
        for (int y = 0; y < g.SizeY; y++)
        for (int x = 0; x < g.SizeX; x++)
        {
            if (!(scores[x, y, z] > 0.7f)) continue;
            var p = g.IndexToLps(x, y, z);
            for (int a = 0; a < 3; a++) Assert.InRange(p[a], min[a], max[a]);
        }
    }

    [Theory]
    [InlineData(RegionMap.PleuraChestWall, true, "right_lung_lower")]
    [InlineData(RegionMap.Other, true, "right_lung_lower")]
    [InlineData(RegionMap.PleuraChestWall, false, "pleura_chest_wall")]
    [InlineData(RegionMap.Heart, true, "heart")]
    public void Soft_tissue_finding_surrounded_by_lung_is_named_by_that_lung_zone(byte massLabel, bool lungAround, string expected)
    {
        var g = VolumeGeometry.Axial(40, 40, 40, new Vec3(1, 1, 1));
        var scores = new Volume<float>(g);
        var regions = new Volume<byte>(g);
        Array.Fill(regions.Data, lungAround ? RegionMap.RightLungLower : RegionMap.PleuraChestWall);
        Synthetic.Sphere(scores, 20, 20, 20, 5, 0.9f);
        for (int i = 0; i < scores.Data.Length; i++) if (scores.Data[i] > 0) regions.Data[i] = massLabel;
        var f = Assert.Single(FindingExtractor.Extract(scores, regions, Options).Findings);
        Assert.Equal(expected, f.Region);
        // The measured overlaps are not rewritten.
        Assert.Equal(RegionMap.Name(massLabel), f.Regions[0].Name);
        Assert.Equal(1.0, f.Regions[0].Fraction);
    }

    [Fact]
    public void Chest_wall_finding_touching_lung_on_one_face_keeps_its_name()
    {
        var g = VolumeGeometry.Axial(40, 40, 40, new Vec3(1, 1, 1));
        var scores = new Volume<float>(g);
        var regions = new Volume<byte>(g);
        for (int z = 0; z < 40; z++) for (int y = 0; y < 40; y++) for (int x = 0; x < 40; x++)
            regions[x, y, z] = x < 20 ? RegionMap.LeftLungLower : RegionMap.PleuraChestWall;
        for (int z = 15; z < 25; z++) for (int y = 15; y < 25; y++) for (int x = 20; x < 30; x++) scores[x, y, z] = 0.9f;
        var f = Assert.Single(FindingExtractor.Extract(scores, regions, Options).Findings);
        Assert.Equal("pleura_chest_wall", f.Region);
        var contacts = RegionContext.Contacts(FindingExtractor.Extract(scores, regions, Options).Ids, 1, regions, f.BboxVoxel);
        Assert.Equal(100, contacts[RegionMap.LeftLungLower]);
        Assert.Equal(500, contacts[RegionMap.PleuraChestWall]);
    }

    [Theory]
    [InlineData(6, "right_lung_upper")]
    [InlineData(30, "other")]
    public void Other_tissue_finding_walled_in_by_other_tissue_is_named_by_the_nearest_lung_within_reach(int gapMm, string expected)
    {
        var g = VolumeGeometry.Axial(80, 30, 30, new Vec3(1, 1, 1));
        var scores = new Volume<float>(g);
        var regions = new Volume<byte>(g);
        Array.Fill(regions.Data, RegionMap.Other);
        // Finding at x 10..19; right upper lung from x = 20 + gap on.
        for (int z = 0; z < 30; z++) for (int y = 0; y < 30; y++) for (int x = 20 + gapMm; x < 80; x++) regions[x, y, z] = RegionMap.RightLungUpper;
        for (int z = 10; z < 20; z++) for (int y = 10; y < 20; y++) for (int x = 10; x < 20; x++) scores[x, y, z] = 0.9f;
        var f = Assert.Single(FindingExtractor.Extract(scores, regions, Options).Findings);
        Assert.Equal(expected, f.Region);
        Assert.Equal("other", f.Regions[0].Name);
    }
}
