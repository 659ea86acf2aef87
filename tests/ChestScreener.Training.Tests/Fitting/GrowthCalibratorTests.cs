using ChestScreener.Training.Fitting;

namespace ChestScreener.Training.Tests.Fitting;

/// <summary>Which grown regions count as normal volume when the growth calibration sets the region threshold.</summary>
public sealed class GrowthCalibratorTests
{
    // A 20 x 1 x 1 row: voxels 0-5 lie within a widened lesion box (not normal), the rest are normal tissue.
    // Region A peaks at voxel 3 (inside the box) and grows on the low map to voxel 9; region B peaks at voxel 15.
    private static (float[] High, float[] Low, byte[] Normal) Row()
    {
        var high = Enumerable.Repeat(-30f, 20).ToArray();
        var low = Enumerable.Repeat(-30f, 20).ToArray();
        var normal = Enumerable.Range(0, 20).Select(i => (byte)(i < 6 ? 0 : 1)).ToArray();
        high[3] = -2; high[4] = -6;                       // region A's seeds, strongest inside the box
        for (int i = 2; i <= 9; i++) low[i] = -5;         // ... grown 4 voxels into normal tissue
        high[15] = -4; low[14] = low[16] = -5;            // region B: a normal structure, 3 voxels
        return (high, low, normal);
    }

    [Fact]
    public void A_region_peaking_in_a_lesion_box_adds_no_normal_volume_unless_lesion_regions_count()
    {
        var (high, low, normal) = Row();
        // Both regions: A's 4 normal voxels (6-9) + B's 3.
        Assert.Equal(7, GrowthCalibrator.NormalRegionVoxels(high, low, normal, t: -7, tLow: -6, 20, 1, 1, lesionRegions: true));
        // A is the lesion's finding: only B counts.
        Assert.Equal(3, GrowthCalibrator.NormalRegionVoxels(high, low, normal, t: -7, tLow: -6, 20, 1, 1, lesionRegions: false));
        // Above B's peak only A is left, which counts only when lesion regions do.
        Assert.Equal(4, GrowthCalibrator.NormalRegionVoxels(high, low, normal, t: -3, tLow: -6, 20, 1, 1, lesionRegions: true));
        Assert.Equal(0, GrowthCalibrator.NormalRegionVoxels(high, low, normal, t: -3, tLow: -6, 20, 1, 1, lesionRegions: false));
    }

    [Fact]
    public void A_region_seeded_in_the_box_but_peaking_in_normal_tissue_counts()
    {
        var (high, low, normal) = Row();
        high[8] = -1; // region A's strongest voxel now lies in normal tissue
        Assert.Equal(7, GrowthCalibrator.NormalRegionVoxels(high, low, normal, t: -7, tLow: -6, 20, 1, 1, lesionRegions: false));
    }
}
