using ChestScreener.Evaluation.Eval;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Evaluation.Tests;

public sealed class ThickSliceSourceTests
{
    [Fact]
    public void Slabs_average_the_native_slices_whose_centres_they_hold_and_keep_positions()
    {
        // 1.5 mm slices whose HU equal 10 x their index; 5 mm slabs hold slices {0..3}, {4,5,6}, {7,8,9}, ...
        var g = VolumeGeometry.Axial(4, 3, 20, new Vec3(0.8, 0.8, 1.5), new Vec3(-10, -20, -100));
        var hu = new short[g.VoxelCount];
        for (int z = 0; z < 20; z++) for (int p = 0; p < 12; p++) hu[z * 12 + p] = (short)(10 * z);
        var ct = new CtVolume(new Volume<short>(g, hu), new ScanInfo { Modality = "CT" });
        var thick = ThickSliceSource.Reslice(ct, 5);
        var t = thick.Geometry;
        Assert.Equal((4, 3, 6), (t.SizeX, t.SizeY, t.SizeZ));          // floor(30 mm / 5 mm)
        Assert.Equal(5, t.Spacing.Z, 9);
        Assert.Equal(0.8, t.Spacing.X, 9);
        Assert.Equal(15, thick.Hu.Data[0]);                             // mean of 0, 10, 20, 30
        Assert.Equal(50, thick.Hu.Data[12]);                            // mean of 40, 50, 60
        // The first slab's centre lies at the centre of the first 5 mm of tissue: -100 - 0.75 + 2.5.
        Assert.Equal(-100 + 2.5 - 0.75, t.Origin.Z, 6);
        Assert.Equal(5, thick.Info.SliceThicknessMm);
        Assert.Same(ct, ThickSliceSource.Reslice(ct, 1.5));              // not thicker than native: unchanged
    }
}
