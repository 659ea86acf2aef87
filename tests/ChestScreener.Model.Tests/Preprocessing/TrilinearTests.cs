using ChestScreener.Model.Preprocessing;

namespace ChestScreener.Model.Tests.Preprocessing;

public class TrilinearTests
{
    // value = x + 10 y + 100 z on a 3x3x3 grid: trilinear interpolation reproduces a linear function exactly.
    private static short[] Grid()
    {
        var g = new short[27];
        for (int z = 0; z < 3; z++) for (int y = 0; y < 3; y++) for (int x = 0; x < 3; x++) g[x + 3 * (y + 3 * z)] = (short)(x + 10 * y + 100 * z);
        return g;
    }

    [Theory]
    [InlineData(0.5, 0.25, 1.75, 0.5 + 2.5 + 175)]
    [InlineData(2, 2, 2, 222)]
    [InlineData(-0.4, 0, 0, 0)]    // inside the half-voxel margin: clamped to the edge
    [InlineData(2.4, 1, 0, 12)]
    public void ReproducesALinearFieldForShortAndFloatAlike(double x, double y, double z, double expected)
    {
        var s = Grid();
        var f = Array.ConvertAll(s, v => (float)v);
        Assert.Equal(expected, Trilinear.Sample(s, 3, 3, 3, x, y, z, -1f), 4);
        Assert.Equal(expected, Trilinear.Sample(f, 3, 3, 3, x, y, z, -1f), 4);
    }

    [Fact]
    public void OutsideTheGridGivesThePadValue()
    {
        Assert.Equal(-7f, Trilinear.Sample(Grid(), 3, 3, 3, 2.6, 1, 1, -7f));
        Assert.Equal(-7f, Trilinear.Sample(Grid(), 3, 3, 3, 1, -0.6, 1, -7f));
    }

    [Theory]
    [InlineData(0.5, 0.25, 1.75)]
    [InlineData(1.3, 1.9, 0.2)]
    public void SampleValidEqualsSampleWhenEveryPointIsValid(double x, double y, double z)
    {
        var f = Array.ConvertAll(Grid(), v => (float)v);
        var all = Enumerable.Repeat((byte)1, 27).ToArray();
        Assert.Equal(Trilinear.Sample(f, 3, 3, 3, x, y, z, 0f), Trilinear.SampleValid(f, all, 3, 3, 3, x, y, z), 3);
    }

    [Fact]
    public void SampleValidIgnoresInvalidPointsInsteadOfAveragingTheirValues()
    {
        // Score 0.9 on the valid half (x = 0), 0 on the invalid half (x >= 1): half way between, plain trilinear gives
        // 0.45, the valid-only sample keeps 0.9; with no valid corner the result is 0.
        var f = new float[27];
        var valid = new byte[27];
        for (int z = 0; z < 3; z++) for (int y = 0; y < 3; y++) { f[3 * (y + 3 * z)] = 0.9f; valid[3 * (y + 3 * z)] = 1; }
        Assert.Equal(0.45f, Trilinear.Sample(f, 3, 3, 3, 0.5, 1, 1, 0f), 5);
        Assert.Equal(0.9f, Trilinear.SampleValid(f, valid, 3, 3, 3, 0.5, 1, 1), 5);
        Assert.Equal(0f, Trilinear.SampleValid(f, valid, 3, 3, 3, 1.5, 1, 1));
        Assert.Equal(0f, Trilinear.SampleValid(f, valid, 3, 3, 3, -0.6, 1, 1));
    }
}
