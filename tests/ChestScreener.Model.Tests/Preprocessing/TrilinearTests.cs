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
}
