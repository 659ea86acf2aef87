namespace ChestScreener.Imaging.Filters;

/// <summary>Per-axial-slice fills: holes (background not reachable from the slice border) and convex hulls.</summary>
public static class SliceFill
{
    /// <summary>
    /// Fills, in every slice, the background regions (4-connected) that do not touch the slice border and whose area is
    /// at most <paramref name="maxHoleVoxels"/> (int.MaxValue = all holes). Returns a new mask.
    /// </summary>
    public static byte[] FillHoles(byte[] mask, Grid3 g, int maxHoleVoxels = int.MaxValue, int threads = 0)
    {
        var dst = (byte[])mask.Clone();
        int nx = g.X, ny = g.Y, slice = g.Slice;
        Parallel.For(0, g.Z, Grid3.Parallelism(threads), () => (state: new int[slice], queue: new int[slice]), (z, _, buf) =>
        {
            // state: 0 unvisited, 1 outside (reached from border), 2+ hole id (per slice).
            var state = buf.state;
            var queue = buf.queue;
            Array.Clear(state);
            int off = z * slice;
            int head = 0, tail = 0;
            for (int x = 0; x < nx; x++) { Seed(x); Seed((ny - 1) * nx + x); }
            for (int y = 0; y < ny; y++) { Seed(y * nx); Seed(y * nx + nx - 1); }
            Flood(1, ref head, ref tail, mask, off, state, queue, nx, ny);
            for (int i = 0; i < slice; i++)
            {
                if (mask[off + i] != 0 || state[i] != 0) continue;
                head = 0; tail = 0;
                state[i] = 2; queue[tail++] = i;
                Flood(2, ref head, ref tail, mask, off, state, queue, nx, ny);
                bool fill = tail <= maxHoleVoxels;
                for (int q = 0; q < tail; q++)
                {
                    state[queue[q]] = 3;
                    if (fill) dst[off + queue[q]] = 1;
                }
            }
            return buf;

            void Seed(int i)
            {
                if (mask[off + i] == 0 && state[i] == 0) { state[i] = 1; queue[tail++] = i; }
            }
        }, _ => { });
        return dst;
    }

    private static void Flood(int id, ref int head, ref int tail, byte[] mask, int off, int[] state, int[] queue, int nx, int ny)
    {
        while (head < tail)
        {
            int i = queue[head++];
            int y = i / nx, x = i - y * nx;
            var m = mask.AsSpan(off);
            if (x > 0 && m[i - 1] == 0 && state[i - 1] == 0) { state[i - 1] = id; queue[tail++] = i - 1; }
            if (x < nx - 1 && m[i + 1] == 0 && state[i + 1] == 0) { state[i + 1] = id; queue[tail++] = i + 1; }
            if (y > 0 && m[i - nx] == 0 && state[i - nx] == 0) { state[i - nx] = id; queue[tail++] = i - nx; }
            if (y < ny - 1 && m[i + nx] == 0 && state[i + nx] == 0) { state[i + nx] = id; queue[tail++] = i + nx; }
        }
    }

    /// <summary>The filled 2-D convex hull of the set voxels of each slice (empty slices stay empty).</summary>
    public static byte[] ConvexHull(byte[] mask, Grid3 g, int threads = 0)
    {
        var dst = new byte[mask.Length];
        int nx = g.X, ny = g.Y, slice = g.Slice;
        Parallel.For(0, g.Z, Grid3.Parallelism(threads), () => new int[4 * ny + 2], (z, _, pts) =>
        {
            int off = z * slice;
            // Candidate points: leftmost and rightmost set voxel of each row (the hull of these equals the hull of all).
            int n = 0;
            for (int y = 0; y < ny; y++)
            {
                int row = off + y * nx, lo = -1, hi = -1;
                for (int x = 0; x < nx; x++) if (mask[row + x] != 0) { lo = x; break; }
                if (lo < 0) continue;
                for (int x = nx - 1; x >= lo; x--) if (mask[row + x] != 0) { hi = x; break; }
                pts[n++] = lo; pts[n++] = y;
                if (hi != lo) { pts[n++] = hi; pts[n++] = y; }
            }
            if (n == 0) return pts;
            int count = n / 2;
            // Points are sorted by y then x already (rows ascending, lo before hi): Andrew's monotone chain on (y, x).
            var hull = new int[4 * (count + 2)];
            int h = 0;
            for (int p = 0; p < count; p++) AddPoint(p);
            int lower = h + 1;
            for (int p = count - 2; p >= 0; p--) AddPoint(p, lower);
            if (h > 1) h--;
            FillPolygon(dst, off, nx, ny, hull, h);
            return pts;

            void AddPoint(int p, int minSize = 2)
            {
                int px = pts[2 * p], py = pts[2 * p + 1];
                while (h >= minSize && Cross(hull[2 * h - 4], hull[2 * h - 3], hull[2 * h - 2], hull[2 * h - 1], px, py) <= 0) h--;
                hull[2 * h] = px; hull[2 * h + 1] = py; h++;
            }
        }, _ => { });
        return dst;
    }

    // Cross product in (y, x) order so that the chain sorted by (y, x) is consistent.
    private static long Cross(int ax, int ay, int bx, int by, int cx, int cy) =>
        (long)(by - ay) * (cx - ax) - (long)(bx - ax) * (cy - ay);

    private static void FillPolygon(byte[] dst, int off, int nx, int ny, int[] hull, int h)
    {
        if (h == 1) { dst[off + hull[1] * nx + hull[0]] = 1; return; }
        int ymin = int.MaxValue, ymax = int.MinValue;
        for (int k = 0; k < h; k++) { ymin = Math.Min(ymin, hull[2 * k + 1]); ymax = Math.Max(ymax, hull[2 * k + 1]); }
        for (int y = ymin; y <= ymax; y++)
        {
            double lo = double.MaxValue, hi = double.MinValue;
            for (int k = 0; k < h; k++)
            {
                int ax = hull[2 * k], ay = hull[2 * k + 1];
                int bx = hull[2 * ((k + 1) % h)], by = hull[2 * ((k + 1) % h) + 1];
                if (ay == by)
                {
                    if (ay == y) { lo = Math.Min(lo, Math.Min(ax, bx)); hi = Math.Max(hi, Math.Max(ax, bx)); }
                    continue;
                }
                if (y < Math.Min(ay, by) || y > Math.Max(ay, by)) continue;
                double x = ax + (double)(y - ay) * (bx - ax) / (by - ay);
                lo = Math.Min(lo, x); hi = Math.Max(hi, x);
            }
            if (lo > hi) continue;
            int x0 = Math.Max(0, (int)Math.Ceiling(lo - 1e-9)), x1 = Math.Min(nx - 1, (int)Math.Floor(hi + 1e-9));
            int row = off + y * nx;
            for (int x = x0; x <= x1; x++) dst[row + x] = 1;
        }
    }
}
