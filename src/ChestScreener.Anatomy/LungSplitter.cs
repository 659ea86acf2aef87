using ChestScreener.Imaging.Filters;

namespace ChestScreener.Anatomy;

/// <summary>
/// Assigns lung voxels to the patient's right or left lung. Separate air bodies go by the side of their centroid
/// (LPS x relative to the midline, never by array direction); a body that holds both lungs (they touch at the anterior
/// or posterior junction line) is eroded in-plane until it falls in two, and the two cores are grown back inside it.
/// </summary>
internal static class LungSplitter
{
    public static byte[] Split(WorkGrid w, AnatomyOptions o, byte[] lung, double midX, List<string> notes)
    {
        var g = w.G;
        var side = new byte[lung.Length];
        var comps = ConnectedComponents.Label3D(lung, g);
        if (comps.Count == 0) return side;
        // Per component: voxels right (LPS x below the midline) and left of the midline, and the mean LPS x.
        var right = new long[comps.Count + 1];
        var sumX = new double[comps.Count + 1];
        var labels = comps.Labels;
        for (int z = 0; z < g.Z; z++)
        {
            for (int y = 0; y < g.Y; y++)
            {
                int row = g.Index(0, y, z);
                for (int x = 0; x < g.X; x++)
                {
                    int id = labels[row + x];
                    if (id == 0) continue;
                    double px = w.LpsX(x, y, z);
                    sumX[id] += px;
                    if (px < midX) right[id]++;
                }
            }
        }
        int big = comps.BySize()[0];
        double rightShare = right[big] / (double)comps.Sizes[big];
        bool bothInOne = rightShare > 0.2 && rightShare < 0.8;
        byte[]? cores = null;
        if (bothInOne)
        {
            cores = SplitByErosion(w, o, comps.Mask(big), midX, notes);
            if (cores is null) notes.Add("lungs joined and no junction found: split at the midline");
        }
        for (int i = 0; i < lung.Length; i++)
        {
            int id = labels[i];
            if (id == 0 || (id == big && bothInOne)) continue;
            side[i] = sumX[id] / comps.Sizes[id] < midX ? LungSegmenter.Right : LungSegmenter.Left;
        }
        if (bothInOne)
        {
            if (cores is not null)
            {
                GrowInside(g, cores, labels, big);
                for (int i = 0; i < lung.Length; i++) if (labels[i] == big) side[i] = cores[i];
            }
            else
            {
                for (int z = 0; z < g.Z; z++)
                    for (int y = 0; y < g.Y; y++)
                        for (int x = 0; x < g.X; x++)
                        {
                            int i = g.Index(x, y, z);
                            if (labels[i] == big) side[i] = w.LpsX(x, y, z) < midX ? LungSegmenter.Right : LungSegmenter.Left;
                        }
            }
        }
        return side;
    }

    /// <summary>Two cores labelled Right/Left (0 elsewhere), or null when no erosion separates two substantial parts.</summary>
    private static byte[]? SplitByErosion(WorkGrid w, AnatomyOptions o, byte[] mask, double midX, List<string> notes)
    {
        var g = w.G;
        var current = mask;
        for (int k = 1; k <= o.MaxSplitErosions; k++)
        {
            current = BinaryMorphology.Erode(current, g, 1, 1, 0, w.Threads);
            var c = ConnectedComponents.Label3D(current, g);
            if (c.Count < 2) continue;
            var order = c.BySize();
            long a = c.Sizes[order[0]], b = c.Sizes[order[1]];
            if (b < 0.15 * a) continue;
            double xa = MeanX(w, c.Labels, order[0]), xb = MeanX(w, c.Labels, order[1]);
            if ((xa < midX) == (xb < midX)) continue;
            var cores = new byte[mask.Length];
            byte sa = xa < xb ? LungSegmenter.Right : LungSegmenter.Left;
            byte sb = sa == LungSegmenter.Right ? LungSegmenter.Left : LungSegmenter.Right;
            for (int i = 0; i < cores.Length; i++)
            {
                if (c.Labels[i] == order[0]) cores[i] = sa;
                else if (c.Labels[i] == order[1]) cores[i] = sb;
            }
            notes.Add($"lungs touch at a junction: separated after {k} in-plane erosion(s)");
            return cores;
        }
        return null;
    }

    private static double MeanX(WorkGrid w, int[] labels, int id)
    {
        var g = w.G;
        double s = 0; long n = 0;
        for (int z = 0; z < g.Z; z++)
            for (int y = 0; y < g.Y; y++)
            {
                int row = g.Index(0, y, z);
                for (int x = 0; x < g.X; x++)
                {
                    if (labels[row + x] != id) continue;
                    s += w.LpsX(x, y, z); n++;
                }
            }
        return n == 0 ? 0 : s / n;
    }

    /// <summary>Breadth-first growth of the labelled cores through the voxels of component <paramref name="id"/> (geodesic nearest core).</summary>
    private static void GrowInside(Grid3 g, byte[] cores, int[] labels, int id)
    {
        var queue = new int[1 << 16];
        int head = 0, tail = 0;
        for (int i = 0; i < cores.Length; i++)
        {
            if (cores[i] == 0) continue;
            if (tail == queue.Length) Array.Resize(ref queue, queue.Length * 2);
            queue[tail++] = i;
        }
        int nx = g.X, ny = g.Y, nz = g.Z, slice = g.Slice;
        while (head < tail)
        {
            int i = queue[head++];
            byte s = cores[i];
            int z = i / slice, r = i - z * slice, y = r / nx, x = r - y * nx;
            // In-plane neighbours first so that a slice is split where its own junction is, not by a neighbour slice.
            if (x > 0) Visit(i - 1);
            if (x < nx - 1) Visit(i + 1);
            if (y > 0) Visit(i - nx);
            if (y < ny - 1) Visit(i + nx);
            if (z > 0) Visit(i - slice);
            if (z < nz - 1) Visit(i + slice);

            void Visit(int j)
            {
                if (labels[j] != id || cores[j] != 0) return;
                cores[j] = s;
                if (tail == queue.Length) Array.Resize(ref queue, queue.Length * 2);
                queue[tail++] = j;
            }
        }
    }
}
