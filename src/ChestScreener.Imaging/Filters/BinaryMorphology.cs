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
        var a = (byte[])mask.Clone();
        var b = new byte[mask.Length];
        var po = Grid3.Parallelism(threads);
        if (rx > 0) { PassX(a, b, g, rx, target, po); (a, b) = (b, a); }
        if (ry > 0) { PassY(a, b, g, ry, target, po); (a, b) = (b, a); }
        if (rz > 0) { PassZ(a, b, g, rz, target, po); (a, b) = (b, a); }
        return a;
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

    private static void PassY(byte[] src, byte[] dst, Grid3 g, int r, byte target, ParallelOptions po)
    {
        int nx = g.X, ny = g.Y;
        byte other = (byte)(1 - target);
        Parallel.For(0, g.Z, po, () => new int[nx], (z, _, mark) =>
        {
            int s0 = z * nx * ny;
            Array.Fill(mark, int.MinValue / 2);
            for (int y = 0; y < ny; y++)
            {
                int o = s0 + y * nx;
                for (int x = 0; x < nx; x++)
                {
                    if (src[o + x] == target) mark[x] = y;
                    dst[o + x] = y - mark[x] <= r ? target : other;
                }
            }
            Array.Fill(mark, int.MaxValue / 2);
            for (int y = ny - 1; y >= 0; y--)
            {
                int o = s0 + y * nx;
                for (int x = 0; x < nx; x++)
                {
                    if (src[o + x] == target) mark[x] = y;
                    if (mark[x] - y <= r) dst[o + x] = target;
                }
            }
            return mark;
        }, _ => { });
    }

    private static void PassZ(byte[] src, byte[] dst, Grid3 g, int r, byte target, ParallelOptions po)
    {
        int nx = g.X, slice = g.Slice, nz = g.Z;
        byte other = (byte)(1 - target);
        Parallel.For(0, g.Y, po, () => new int[nx], (y, _, mark) =>
        {
            Array.Fill(mark, int.MinValue / 2);
            for (int z = 0; z < nz; z++)
            {
                int o = z * slice + y * nx;
                for (int x = 0; x < nx; x++)
                {
                    if (src[o + x] == target) mark[x] = z;
                    dst[o + x] = z - mark[x] <= r ? target : other;
                }
            }
            Array.Fill(mark, int.MaxValue / 2);
            for (int z = nz - 1; z >= 0; z--)
            {
                int o = z * slice + y * nx;
                for (int x = 0; x < nx; x++)
                {
                    if (src[o + x] == target) mark[x] = z;
                    if (mark[x] - z <= r) dst[o + x] = target;
                }
            }
            return mark;
        }, _ => { });
    }
}
