namespace ChestScreener.Imaging.Filters;

/// <summary>
/// Dilation and erosion of 0/1 byte masks with a box structuring element (radius per axis, 0 = no change along that
/// axis), done as three separable 1-D distance sweeps: O(n) whatever the radius. Voxels outside the grid never count,
/// so erosion does not eat in from the volume edges (a body cut by the field of view stays whole).
/// </summary>
public static class BinaryMorphology
{
    public static byte[] Dilate(byte[] mask, Grid3 g, int rx, int ry, int rz, int threads = 0) => Run(mask, g, rx, ry, rz, 1, threads);

    public static byte[] Erode(byte[] mask, Grid3 g, int rx, int ry, int rz, int threads = 0) => Run(mask, g, rx, ry, rz, 0, threads);

    /// <summary>Erosion then dilation: removes parts thinner than the box (e.g. the table, thin straps).</summary>
    public static byte[] Open(byte[] mask, Grid3 g, int rx, int ry, int rz, int threads = 0) =>
        Dilate(Erode(mask, g, rx, ry, rz, threads), g, rx, ry, rz, threads);

    /// <summary>Dilation then erosion: closes gaps narrower than the box.</summary>
    public static byte[] Close(byte[] mask, Grid3 g, int rx, int ry, int rz, int threads = 0) =>
        Erode(Dilate(mask, g, rx, ry, rz, threads), g, rx, ry, rz, threads);

    // target = 1: a voxel becomes 1 when a 1 lies within r (dilation); target = 0: becomes 0 when a 0 lies within r.
    private static byte[] Run(byte[] mask, Grid3 g, int rx, int ry, int rz, byte target, int threads)
    {
        if (mask.LongLength != g.Count) throw new ArgumentException("mask length does not match the grid");
        if (rx <= 0 && ry <= 0 && rz <= 0) return (byte[])mask.Clone();
        // As 0/1 the way each operation reads its input: dilation counts only 1s, erosion counts only 0s as background.
        var a = new byte[mask.Length];
        if (target == 1) for (int i = 0; i < a.Length; i++) a[i] = mask[i] == 1 ? (byte)1 : (byte)0;
        else for (int i = 0; i < a.Length; i++) a[i] = mask[i] != 0 ? (byte)1 : (byte)0;
        var b = new byte[mask.Length];
        var po = Grid3.Parallelism(threads);
        if (rx > 0) { PassX(a, b, g, rx, target, po); (a, b) = (b, a); }
        // Along y and z a voxel's neighbours at distance t are whole rows (slices) away: OR (dilation) or AND
        // (erosion) of the 2r+1 rows in the grid, a few wide vector operations per row instead of a scalar sweep.
        if (ry > 0) { RowsPass(a, b, g.X, g.Y, g.Z, g.X, ry, target, po); (a, b) = (b, a); }
        if (rz > 0) { RowsPass(a, b, g.Slice, g.Z, 1, g.Slice, rz, target, po); (a, b) = (b, a); }
        return a;
    }

    // Lines of `width` bytes, `count` per block, `blocks` blocks; line t of a block sits at block*count*stride + t*stride.
    private static void RowsPass(byte[] src, byte[] dst, int width, int count, int blocks, int stride, int r, byte target, ParallelOptions po)
    {
        Parallel.For(0, (long)blocks * count, po, job =>
        {
            int block = (int)(job / count), t = (int)(job % count);
            long b0 = (long)block * count * stride;
            var d = dst.AsSpan((int)(b0 + (long)t * stride), width);
            src.AsSpan((int)(b0 + (long)t * stride), width).CopyTo(d);
            for (int u = Math.Max(0, t - r); u <= Math.Min(count - 1, t + r); u++)
            {
                if (u == t) continue;
                var s = src.AsSpan((int)(b0 + (long)u * stride), width);
                if (target == 1) System.Numerics.Tensors.TensorPrimitives.BitwiseOr(d, s, d);
                else System.Numerics.Tensors.TensorPrimitives.BitwiseAnd(d, s, d);
            }
        });
    }

    private static void PassX(byte[] src, byte[] dst, Grid3 g, int r, byte target, ParallelOptions po)
    {
        int nx = g.X;
        byte other = (byte)(1 - target);
        Parallel.For(0, g.Y * g.Z, po, row =>
        {
            int o = row * nx;
            int last = int.MinValue / 2;
            for (int x = 0; x < nx; x++)
            {
                if (src[o + x] == target) last = x;
                dst[o + x] = x - last <= r ? target : other;
            }
            int next = int.MaxValue / 2;
            for (int x = nx - 1; x >= 0; x--)
            {
                if (src[o + x] == target) next = x;
                if (next - x <= r) dst[o + x] = target;
            }
        });
    }
}
