using System.Numerics.Tensors;

namespace ChestScreener.Model.Density;

/// <summary>
/// Which model-grid voxels the smoothing of a region reads: the region widened by the kernel radius along every axis
/// (a cube, since <see cref="MaskedSmoothing"/> is separable). The raw NLL is needed there and nowhere else, so the
/// mixture is evaluated only there and the scores inside the region do not change.
/// </summary>
public static class SmoothingReach
{
    /// <summary>Kernel half-width in voxels <see cref="MaskedSmoothing"/> uses for <paramref name="sigmaVoxels"/> (0 = no smoothing).</summary>
    public static int Radius(double sigmaVoxels) => sigmaVoxels <= 0 ? 0 : Math.Max(1, (int)Math.Ceiling(3 * sigmaVoxels));

    /// <summary>1 where any voxel of <paramref name="region"/> lies within <paramref name="radius"/> voxels along each axis (Chebyshev distance).</summary>
    public static byte[] Widen(byte[] region, int sx, int sy, int sz, int radius, int threads)
    {
        if (region.Length != (long)sx * sy * sz) throw new ArgumentException("region does not match the grid", nameof(region));
        var a = new byte[region.Length];
        for (int i = 0; i < region.Length; i++) a[i] = region[i] != 0 ? (byte)1 : (byte)0;
        if (radius <= 0) return a;
        var b = new byte[region.Length];
        var po = Parallelism.Options(threads);
        int slice = sx * sy;
        // x: running count of set voxels along each row.
        Parallel.For(0, sz, po, z =>
        {
            for (int y = 0; y < sy; y++)
            {
                int row = z * slice + y * sx, count = 0;
                for (int x = 0; x < Math.Min(radius, sx); x++) count += a[row + x];
                for (int x = 0; x < sx; x++)
                {
                    if (x + radius < sx) count += a[row + x + radius];
                    if (x - radius - 1 >= 0) count -= a[row + x - radius - 1];
                    b[row + x] = count > 0 ? (byte)1 : (byte)0;
                }
            }
        });
        // y: OR of whole rows; z: OR of whole slices (both vectorised).
        Parallel.For(0, sz, po, z =>
        {
            for (int y = 0; y < sy; y++)
            {
                var dst = a.AsSpan(z * slice + y * sx, sx);
                dst.Clear();
                for (int t = Math.Max(0, y - radius); t <= Math.Min(sy - 1, y + radius); t++)
                    TensorPrimitives.BitwiseOr(dst, b.AsSpan(z * slice + t * sx, sx), dst);
            }
        });
        Parallel.For(0, sz, po, z =>
        {
            var dst = b.AsSpan(z * slice, slice);
            dst.Clear();
            for (int t = Math.Max(0, z - radius); t <= Math.Min(sz - 1, z + radius); t++)
                TensorPrimitives.BitwiseOr(dst, a.AsSpan(t * slice, slice), dst);
        });
        return b;
    }
}
