using ChestScreener.Imaging.Filters;

namespace ChestScreener.Anatomy;

/// <summary>Finds the trachea near the top of the lung air and grows the airway tree from it with a leak guard.</summary>
internal static class AirwayGrower
{
    public static byte[] Grow(WorkGrid w, AnatomyOptions o, byte[] lungAir, out bool found, out int carina, List<string> notes)
    {
        var g = w.G;
        var airway = new byte[lungAir.Length];
        found = false;
        carina = -1;
        var seed = FindSeed(w, o, lungAir, out int seedSlice);
        if (seed is null)
        {
            notes.Add("trachea not found");
            return airway;
        }
        long maxVoxels = (long)(o.AirwayMaxMl / w.VoxelMl);
        var hu = w.Hu.Data;
        var queue = new int[1 << 16];
        for (int t = o.AirwayStartHu; t >= o.AirwayFloorHu; t -= o.AirwayStepHu)
        {
            Array.Clear(airway);
            long n = Fill(g, hu, lungAir, airway, seed, (short)t, maxVoxels, ref queue);
            if (n <= maxVoxels)
            {
                found = n > 0;
                break;
            }
        }
        if (!found)
        {
            // Every threshold leaked (or nothing grew): keep the seed section alone so the trachea is still labelled.
            Array.Clear(airway);
            foreach (var i in seed) airway[i] = 1;
            found = true;
            notes.Add("airway growing leaked at every threshold; airways limited to the trachea seed");
        }
        carina = FindCarina(w, airway, seedSlice);
        if (Environment.GetEnvironmentVariable("CHESTSCREENER_TRACE") == "1") Console.Error.WriteLine($"trachea seed slice {seedSlice}, carina slice {carina}, top {w.TopSlice}");
        return airway;
    }

    private static long Fill(Grid3 g, short[] hu, byte[] allowed, byte[] dst, int[] seed, short t, long max, ref int[] queue)
    {
        int head = 0, tail = 0;
        foreach (var s in seed)
        {
            if (hu[s] >= t || dst[s] != 0) continue;
            dst[s] = 1;
            Push(ref queue, ref tail, s);
        }
        int nx = g.X, ny = g.Y, nz = g.Z, slice = g.Slice;
        while (head < tail)
        {
            if (tail > max) return tail;
            int i = queue[head++];
            int z = i / slice, r = i - z * slice, y = r / nx, x = r - y * nx;
            if (x > 0) Visit(i - 1, ref queue);
            if (x < nx - 1) Visit(i + 1, ref queue);
            if (y > 0) Visit(i - nx, ref queue);
            if (y < ny - 1) Visit(i + nx, ref queue);
            if (z > 0) Visit(i - slice, ref queue);
            if (z < nz - 1) Visit(i + slice, ref queue);
        }
        return tail;

        void Visit(int j, ref int[] q)
        {
            if (dst[j] == 0 && allowed[j] != 0 && hu[j] < t)
            {
                dst[j] = 1;
                Push(ref q, ref tail, j);
            }
        }
    }

    private static void Push(ref int[] queue, ref int tail, int v)
    {
        if (tail == queue.Length) Array.Resize(ref queue, queue.Length * 2);
        queue[tail++] = v;
    }

    /// <summary>
    /// Scans from the most superior slice down through the upper half of the lung air for a roundish air section of
    /// trachea size near the middle of the air sections; returns its voxel indices.
    /// </summary>
    private static int[]? FindSeed(WorkGrid w, AnatomyOptions o, byte[] lungAir, out int seedSlice)
    {
        var g = w.G;
        seedSlice = -1;
        int first = -1, last = -1;
        for (int k = w.TopSlice, step = w.DownStep; k >= 0 && k < g.Z; k += step)
        {
            if (Any(lungAir, k * g.Slice, g.Slice)) { if (first < 0) first = k; last = k; }
        }
        if (first < 0) return null;
        int span = Math.Abs(last - first) + 1;
        var sliceGrid = new Grid3(g.X, g.Y, 1);
        var buf = new byte[g.Slice];
        for (int n = 0, k = first; n < span / 2 + 1; n++, k += w.DownStep)
        {
            Array.Copy(lungAir, k * g.Slice, buf, 0, g.Slice);
            var c = ConnectedComponents.Label3D(buf, sliceGrid);
            if (c.Count == 0) continue;
            // Centre of all air in this slice: the trachea sits between the apices (or alone, above them).
            double cx = 0, cy = 0; long total = 0;
            var sx = new double[c.Count + 1]; var sy = new double[c.Count + 1];
            var minX = new int[c.Count + 1]; var maxX = new int[c.Count + 1]; var minY = new int[c.Count + 1]; var maxY = new int[c.Count + 1];
            Array.Fill(minX, int.MaxValue); Array.Fill(minY, int.MaxValue); Array.Fill(maxX, -1); Array.Fill(maxY, -1);
            for (int y = 0; y < g.Y; y++)
            {
                for (int x = 0; x < g.X; x++)
                {
                    int id = c.Labels[y * g.X + x];
                    if (id == 0) continue;
                    sx[id] += x; sy[id] += y; cx += x; cy += y; total++;
                    minX[id] = Math.Min(minX[id], x); maxX[id] = Math.Max(maxX[id], x);
                    minY[id] = Math.Min(minY[id], y); maxY[id] = Math.Max(maxY[id], y);
                }
            }
            cx /= total; cy /= total;
            int best = 0; double bestD = double.MaxValue;
            for (int id = 1; id <= c.Count; id++)
            {
                double area = c.Sizes[id] * w.PixelMm2;
                if (area < o.TracheaMinMm2 || area > o.TracheaMaxMm2) continue;
                int bw = maxX[id] - minX[id] + 1, bh = maxY[id] - minY[id] + 1;
                double fill = c.Sizes[id] / (double)(bw * bh);
                double aspect = (double)Math.Max(bw, bh) / Math.Min(bw, bh);
                if (fill < 0.45 || aspect > 2.2) continue;
                double dx = sx[id] / c.Sizes[id] - cx, dy = sy[id] / c.Sizes[id] - cy;
                double d = Math.Sqrt(dx * dx + dy * dy);
                if (d < bestD) { bestD = d; best = id; }
            }
            if (best == 0) continue;
            // Alone in the slice, or clearly between the other air sections (the apices).
            if (c.Count > 1 && bestD * Math.Min(w.Geometry.Spacing.X, w.Geometry.Spacing.Y) > 30) continue;
            var seed = new List<int>();
            for (int i = 0; i < g.Slice; i++) if (c.Labels[i] == best) seed.Add(k * g.Slice + i);
            seedSlice = k;
            return seed.ToArray();
        }
        return null;
    }

    private static bool Any(byte[] m, int off, int len) => m.AsSpan(off, len).IndexOfAnyExcept((byte)0) >= 0;

    /// <summary>First slice below the seed where the airway section falls apart into two or more pieces.</summary>
    private static int FindCarina(WorkGrid w, byte[] airway, int seedSlice)
    {
        var g = w.G;
        var sliceGrid = new Grid3(g.X, g.Y, 1);
        var buf = new byte[g.Slice];
        long minPiece = Math.Max(2, (long)(25 / w.PixelMm2));
        int run = 0;
        for (int k = seedSlice; k >= 0 && k < g.Z; k += w.DownStep)
        {
            if (!Any(airway, k * g.Slice, g.Slice)) break;
            Array.Copy(airway, k * g.Slice, buf, 0, g.Slice);
            var c = ConnectedComponents.Label3D(buf, sliceGrid);
            int pieces = 0;
            for (int id = 1; id <= c.Count; id++) if (c.Sizes[id] >= minPiece) pieces++;
            run = pieces >= 2 ? run + 1 : 0;
            // Two bronchi on two consecutive levels: one level alone can be a kink or a leak.
            if (run == 2) return k - w.DownStep;
        }
        return -1;
    }
}
