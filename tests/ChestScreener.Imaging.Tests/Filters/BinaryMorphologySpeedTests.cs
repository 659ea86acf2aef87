using ChestScreener.Imaging.Filters;

namespace ChestScreener.Imaging.Tests.Filters;

/// <summary>The vectorised y/z passes (issue 19) give exactly what the per-voxel distance sweeps gave.</summary>
public class BinaryMorphologySpeedTests
{
    [Theory]
    [InlineData(1, 0, 0, 0.05)]
    [InlineData(2, 3, 1, 0.02)]
    [InlineData(0, 4, 2, 0.3)]
    [InlineData(5, 5, 5, 0.6)]
    [InlineData(0, 0, 3, 0.9)]
    [InlineData(30, 25, 40, 0.01)] // radii beyond the grid
    public void Dilation_and_erosion_match_the_distance_sweeps(int rx, int ry, int rz, double density) =>
        MatchesSweeps(new Grid3(23, 19, 17), rx, ry, rz, density);

    [Theory]
    [InlineData(0, 130, 0, 0.005)] // windows wider than a byte count (2r+1 > 255) take the OR path
    [InlineData(0, 0, 140, 0.005)]
    [InlineData(2, 127, 127, 0.002)] // the widest byte-counted window
    public void Radii_over_a_byte_count_match_the_distance_sweeps(int rx, int ry, int rz, double density) =>
        MatchesSweeps(new Grid3(5, 300, 290), rx, ry, rz, density);

    [Theory]
    [InlineData(150, 150, 9)]   // 22 500-byte slices: the z pass is cut into 8 jobs of 2 816 bytes
    [InlineData(300, 300, 6)]   // 90 000-byte slices: 16 384-byte jobs, a short last one
    public void Slices_cut_into_jobs_match_the_distance_sweeps_across_job_borders(int x, int y, int z) =>
        MatchesSweeps(new Grid3(x, y, z), 1, 2, 3, 0.01);

    private static void MatchesSweeps(Grid3 g, int rx, int ry, int rz, double density)
    {
        var rng = new Random(rx * 100 + ry * 10 + rz);
        // Values 2 as well: dilation reads only 1 as set, erosion reads any non-zero as set.
        var mask = new byte[g.Count];
        for (int i = 0; i < mask.Length; i++) mask[i] = rng.NextDouble() < density ? (rng.NextDouble() < 0.1 ? (byte)2 : (byte)1) : (byte)0;
        Assert.Equal(Sweeps(mask, g, rx, ry, rz, 1), BinaryMorphology.Dilate(mask, g, rx, ry, rz, 2));
        Assert.Equal(Sweeps(mask, g, rx, ry, rz, 0), BinaryMorphology.Erode(mask, g, rx, ry, rz, 2));
    }

    // The former implementation: per axis, distance to the nearest target voxel in the grid on either side.
    private static byte[] Sweeps(byte[] mask, Grid3 g, int rx, int ry, int rz, byte target)
    {
        var a = (byte[])mask.Clone();
        int[] r = [rx, ry, rz], n = [g.X, g.Y, g.Z], stride = [1, g.X, g.Slice];
        byte other = (byte)(1 - target);
        for (int axis = 0; axis < 3; axis++)
        {
            if (r[axis] <= 0) continue;
            var b = new byte[a.Length];
            for (int i = 0; i < a.Length; i++)
            {
                int pos = (int)(i / stride[axis] % n[axis]);
                bool hit = false;
                for (int t = Math.Max(0, pos - r[axis]); t <= Math.Min(n[axis] - 1, pos + r[axis]) && !hit; t++)
                    hit = a[i + (t - pos) * stride[axis]] == target;
                b[i] = hit ? target : other;
            }
            a = b;
        }
        return a;
    }
}
