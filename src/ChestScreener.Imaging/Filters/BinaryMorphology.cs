using System.Numerics.Tensors;

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
    // Erosion is run as the dilation of the background (complement, dilate, complement): the same clipping at the grid
    // faces, one code path for the y/z passes.
    private static byte[] Run(byte[] mask, Grid3 g, int rx, int ry, int rz, byte target, int threads)
    {
        if (mask.LongLength != g.Count) throw new ArgumentException("mask length does not match the grid");
        if (rx <= 0 && ry <= 0 && rz <= 0) return (byte[])mask.Clone();
        // As 0/1 the way each operation reads its input: dilation counts only 1s, erosion counts only 0s as background.
        var a = new byte[mask.Length];
        if (target == 1) for (int i = 0; i < a.Length; i++) a[i] = mask[i] == 1 ? (byte)1 : (byte)0;
        else for (int i = 0; i < a.Length; i++) a[i] = mask[i] == 0 ? (byte)1 : (byte)0;
        var b = new byte[mask.Length];
        var po = Grid3.Parallelism(threads);
        if (rx > 0) { PassX(a, b, g, rx, po); (a, b) = (b, a); }
        // Along y and z a voxel's neighbours at distance t are whole rows (slices) away: a running count of the set
        // voxels in the 2r+1 rows around each row, one add and one subtract of a row per step whatever r is.
        if (ry > 0) { RowsPass(a, b, g.X, g.Y, g.Z, g.X, ry, po); (a, b) = (b, a); }
        if (rz > 0) { RowsPass(a, b, g.Slice, g.Z, 1, g.Slice, rz, po); (a, b) = (b, a); }
        if (target == 0) for (int i = 0; i < a.Length; i++) a[i] ^= 1;
        return a;
    }

    // Bytes of a row handled by one job: at least 8 jobs per block for the slice-wide (z) pass so that the cores share
    // it even on a small working grid, and pieces long enough for SIMD and short enough to stay in cache.
    private static int ChunkBytes(int width) => Math.Clamp((width / 8 + 63) / 64 * 64, 1024, 16384);

    // Dilation along one axis of 0/1 rows: `count` rows of `width` bytes per block, `blocks` blocks; row t of a block
    // sits at block*count*stride + t*stride. Each job walks the rows of one block over one chunk of the width.
    private static void RowsPass(byte[] src, byte[] dst, int width, int count, int blocks, int stride, int r, ParallelOptions po)
    {
        r = Math.Min(r, count - 1);
        int chunkBytes = ChunkBytes(width), chunks = (width + chunkBytes - 1) / chunkBytes;
        Parallel.For(0, (long)blocks * chunks, po, job =>
        {
            int block = (int)(job / chunks), chunk = (int)(job % chunks);
            int x0 = chunk * chunkBytes, n = Math.Min(chunkBytes, width - x0);
            long b0 = (long)block * count * stride + x0;
            Span<byte> Row(byte[] a, int t) => a.AsSpan((int)(b0 + (long)t * stride), n);
            if (r > 127) { OrRows(src, dst, b0, n, count, stride, r); return; }
            // Counts of set rows in the window fit a byte: at most 2r+1 <= 255.
            var cnt = new byte[n];
            for (int u = 0; u < r; u++) TensorPrimitives.Add(cnt, Row(src, u), cnt);
            for (int t = 0; t < count; t++)
            {
                if (t + r < count) TensorPrimitives.Add(cnt, Row(src, t + r), cnt);
                if (t - r - 1 >= 0) TensorPrimitives.Subtract(cnt, Row(src, t - r - 1), cnt);
                TensorPrimitives.Min(cnt, (byte)1, Row(dst, t));
            }
        });
    }

    // Windows wider than a byte can count: OR of the rows in reach (rare; radii over 127 voxels).
    private static void OrRows(byte[] src, byte[] dst, long b0, int n, int count, int stride, int r)
    {
        for (int t = 0; t < count; t++)
        {
            var d = dst.AsSpan((int)(b0 + (long)t * stride), n);
            d.Clear();
            for (int u = Math.Max(0, t - r); u <= Math.Min(count - 1, t + r); u++)
                TensorPrimitives.BitwiseOr(d, src.AsSpan((int)(b0 + (long)u * stride), n), d);
        }
    }

    private static void PassX(byte[] src, byte[] dst, Grid3 g, int r, ParallelOptions po)
    {
        int nx = g.X;
        Parallel.For(0, g.Y * g.Z, po, row =>
        {
            int o = row * nx;
            int last = int.MinValue / 2;
            for (int x = 0; x < nx; x++)
            {
                if (src[o + x] == 1) last = x;
                dst[o + x] = x - last <= r ? (byte)1 : (byte)0;
            }
            int next = int.MaxValue / 2;
            for (int x = nx - 1; x >= 0; x--)
            {
                if (src[o + x] == 1) next = x;
                if (next - x <= r) dst[o + x] = 1;
            }
        });
    }
}
