using ChestScreener.Imaging.Components;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Imaging.Tests.Components;

public class RunSetTests
{
    [Theory]
    [InlineData(11, Connectivity.Faces6, 0.3)]
    [InlineData(12, Connectivity.Full26, 0.15)]
    [InlineData(13, Connectivity.Full26, 0.45)]
    [InlineData(14, Connectivity.Faces6, 0.6)]
    [InlineData(15, Connectivity.Full26, 0.03)]
    public void Run_labels_match_the_voxel_labeller_voxel_for_voxel(int seed, Connectivity connectivity, double density)
    {
        var random = new Random(seed);
        int sx = 29, sy = 13, sz = 17;
        var mask = new byte[sx * sy * sz];
        for (int i = 0; i < mask.Length; i++) mask[i] = random.NextDouble() < density ? (byte)1 : (byte)0;
        var expected = new int[mask.Length];
        int expectedCount = ComponentLabeler.Label(mask, sx, sy, sz, expected, connectivity);

        var runs = RunSet.FromMask(mask, sx, sy, sz, threads: 2);
        var runLabels = runs.Label(connectivity, out int count);
        Assert.Equal(expectedCount, count);
        var actual = new int[mask.Length];
        for (int z = 0; z < sz; z++)
        for (int y = 0; y < sy; y++)
        {
            int r = z * sy + y;
            for (int k = runs.RowStart[r]; k < runs.RowStart[r + 1]; k++)
                for (int x = runs.X0[k]; x < runs.X1[k]; x++) actual[(z * sy + y) * sx + x] = runLabels[k];
        }
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Threshold_is_strict_and_runs_are_maximal()
    {
        var v = new Volume<float>(VolumeGeometry.Axial(8, 2, 1, new Vec3(1, 1, 1)));
        float[] row = [0.9f, 0.9f, 0.5f, 0.7f, 0.71f, 0.8f, float.NaN, 1f];
        row.CopyTo(v.Data, 0);
        var runs = RunSet.AboveThreshold(v, 0.7f);
        Assert.Equal([0, 3, 3], runs.RowStart);
        Assert.Equal([0, 4, 7], runs.X0);
        Assert.Equal([2, 6, 8], runs.X1);
    }
}
