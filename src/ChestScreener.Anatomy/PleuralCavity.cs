using ChestScreener.Imaging.Filters;

namespace ChestScreener.Anatomy;

/// <summary>
/// Grows each aerated lung to its pleural cavity: airless lung (mass, consolidation, atelectasis, effusion) inside the
/// lung's envelope becomes lung, so that a lesion is named by the lung it lies in. Two envelopes, per axial slice:
/// <list type="bullet">
/// <item>the lung closed with a disk (<see cref="AnatomyOptions.CavityCloseMm"/>): fills the notch a juxtapleural or
/// juxtamediastinal nodule cuts into the lung; the wide concavity around the heart is wider than the disk and stays;</item>
/// <item>on levels where one lung shows much less aerated section than the other (a mass or collapse filling a lobe), the
/// other lung mirrored about the midline (the left-right position of the spine): the chest is symmetric enough that the
/// healthy side outlines the cavity.</item>
/// </list>
/// Candidates are soft tissue or air (no bone, no contrast-bright vessel), not airway, not the other lung, not under a
/// lung dome (liver, spleen, stomach), and joined to the lung they extend.
/// </summary>
internal static class PleuralCavity
{
    public static void Grow(WorkGrid w, AnatomyOptions o, byte[] side, byte[] airway, byte[] bodyFilled, List<string> notes)
    {
        var g = w.G;
        var hu = w.Hu.Data;
        var sp = w.Geometry.Spacing;
        int n = side.Length;
        var bone = new byte[n];
        for (int i = 0; i < n; i++) bone[i] = bodyFilled[i] != 0 && hu[i] >= o.BoneHu ? (byte)1 : (byte)0;
        var boneWide = DiskMorphology.Dilate(bone, g, o.CavityBoneMarginMm, sp.X, sp.Y, w.Threads);
        var below = UnderLungBase(w, side);
        var midline = SliceMidlines(w, bone, bodyFilled);

        var env = new byte[n];
        for (byte s = LungSegmenter.Right; s <= LungSegmenter.Left; s++)
        {
            var one = new byte[n];
            for (int i = 0; i < n; i++) one[i] = side[i] == s ? (byte)1 : (byte)0;
            var closed = DiskMorphology.Erode(DiskMorphology.Dilate(one, g, o.CavityCloseMm, sp.X, sp.Y, w.Threads), g, o.CavityCloseMm, sp.X, sp.Y, w.Threads);
            for (int i = 0; i < n; i++) if (closed[i] != 0 && one[i] == 0) env[i] = s;
        }
        CloseAlongZ(w, o, side, env);
        int mirrored = Mirror(w, o, side, env, midline);
        if (mirrored > 0) notes.Add($"one lung largely airless on {mirrored} level(s): its cavity outlined by the other lung mirrored");

        // Candidates joined to their lung (3D, 6-connected) become that lung.
        var queue = new int[1 << 16];
        int head = 0, tail = 0;
        for (int i = 0; i < n; i++)
        {
            if (env[i] == 0) continue;
            if (side[i] != 0 || airway[i] != 0 || bodyFilled[i] == 0 || boneWide[i] != 0 || below[i] != 0 || hu[i] >= o.CavitySoftMaxHu) env[i] = 0;
        }
        for (int i = 0; i < n; i++)
        {
            if (side[i] == 0) continue;
            if (tail == queue.Length) Array.Resize(ref queue, queue.Length * 2);
            queue[tail++] = i;
        }
        int nx = g.X, ny = g.Y, nz = g.Z, slice = g.Slice;
        long added = 0;
        while (head < tail)
        {
            int i = queue[head++];
            byte s = side[i];
            int z = i / slice, r = i - z * slice, y = r / nx, x = r - y * nx;
            if (x > 0) Visit(i - 1);
            if (x < nx - 1) Visit(i + 1);
            if (y > 0) Visit(i - nx);
            if (y < ny - 1) Visit(i + nx);
            if (z > 0) Visit(i - slice);
            if (z < nz - 1) Visit(i + slice);

            void Visit(int j)
            {
                if (env[j] != s) return;
                env[j] = 0;
                side[j] = s;
                added++;
                if (tail == queue.Length) Array.Resize(ref queue, queue.Length * 2);
                queue[tail++] = j;
            }
        }
        if (added * w.VoxelMl >= 1) notes.Add(FormattableString.Invariant($"airless lung inside the pleural cavities: {added * w.VoxelMl:0} ml"));

        // Whatever one lung encloses in a slice is that lung (vessels, nodules, a mass surrounded by aerated lung).
        for (byte s = LungSegmenter.Right; s <= LungSegmenter.Left; s++)
        {
            var one = new byte[n];
            for (int i = 0; i < n; i++) one[i] = side[i] == s ? (byte)1 : (byte)0;
            var filled = SliceFill.FillHoles(one, g, int.MaxValue, w.Threads);
            for (int i = 0; i < n; i++)
            {
                if (filled[i] != 0 && side[i] == 0 && airway[i] == 0 && bodyFilled[i] != 0 && bone[i] == 0) side[i] = s;
            }
        }
    }

    /// <summary>
    /// Head-foot closing: a gap of at most <see cref="AnatomyOptions.CavityCloseZMm"/> between two voxels of the same lung in
    /// one column is that lung's candidate (a nodule at the lung's edge or tip has lung above and below it even where no
    /// slice shows a notch around it).
    /// </summary>
    private static void CloseAlongZ(WorkGrid w, AnatomyOptions o, byte[] side, byte[] env)
    {
        var g = w.G;
        int maxGap = Math.Max(1, (int)(o.CavityCloseZMm / w.SliceMm));
        System.Threading.Tasks.Parallel.For(0, g.Y, w.Parallel, y =>
        {
            for (int x = 0; x < g.X; x++)
            {
                int last = -1;
                byte lastSide = 0;
                for (int k = 0; k < g.Z; k++)
                {
                    int i = g.Index(x, y, k);
                    byte s = side[i];
                    if (s == 0) continue;
                    if (s == lastSide && k - last > 1 && k - last - 1 <= maxGap)
                    {
                        for (int m = last + 1; m < k; m++) { int j = g.Index(x, y, m); if (env[j] == 0) env[j] = s; }
                    }
                    last = k; lastSide = s;
                }
            }
        });
    }

    /// <summary>
    /// Mirrors, on levels where one lung's aerated section is under <see cref="AnatomyOptions.CavityMirrorRatio"/> of the
    /// other's, the other lung (eroded by <see cref="AnatomyOptions.CavityMirrorInsetMm"/>) into env as the deficient side.
    /// Returns the number of levels mirrored. Only for grids whose rows run left-right (axial, any in-plane flip).
    /// </summary>
    private static int Mirror(WorkGrid w, AnatomyOptions o, byte[] side, byte[] env, double[] midline)
    {
        var g = w.G;
        var sp = w.Geometry.Spacing;
        if (Math.Abs(w.Dxx) < 0.9 * sp.X || Math.Abs(w.Dxy) > 0.1 * sp.Y) return 0;
        var areaR = new long[g.Z];
        var areaL = new long[g.Z];
        for (int k = 0; k < g.Z; k++)
        {
            foreach (byte s in side.AsSpan(k * g.Slice, g.Slice))
            {
                if (s == LungSegmenter.Right) areaR[k]++;
                else if (s == LungSegmenter.Left) areaL[k]++;
            }
        }
        long minPixels = (long)(o.CavityMirrorMinMm2 / w.PixelMm2);
        var eroded = DiskMorphology.Erode(side, g, o.CavityMirrorInsetMm, sp.X, sp.Y, w.Threads);
        int levels = 0;
        for (int k = 0; k < g.Z; k++)
        {
            byte deficient;
            if (areaR[k] < o.CavityMirrorRatio * areaL[k] && areaL[k] >= minPixels) deficient = LungSegmenter.Right;
            else if (areaL[k] < o.CavityMirrorRatio * areaR[k] && areaR[k] >= minPixels) deficient = LungSegmenter.Left;
            else continue;
            byte healthy = deficient == LungSegmenter.Right ? LungSegmenter.Left : LungSegmenter.Right;
            levels++;
            double m = midline[k];
            for (int y = 0; y < g.Y; y++)
            {
                int row = g.Index(0, y, k);
                for (int x = 0; x < g.X; x++)
                {
                    int i = row + x;
                    if (side[i] != healthy || eroded[i] == 0) continue;
                    // LPS x of (x, y, k) mirrored about m, back to a column index on the same row.
                    double px = w.LpsX(x, y, k), target = 2 * m - px;
                    int mx = (int)Math.Round(x + (target - px) / w.Dxx);
                    if (mx < 0 || mx >= g.X) continue;
                    int j = row + mx;
                    if (side[j] == 0 && env[j] == 0) env[j] = deficient;
                }
            }
        }
        return levels;
    }

    /// <summary>
    /// 1 where a voxel lies inferior to the lowest lung voxel of its head-foot column: under a lung base (diaphragm, liver,
    /// spleen, stomach). A nodule inside the lung has lung below it too; tissue under a dome has none.
    /// </summary>
    internal static byte[] UnderLungBase(WorkGrid w, byte[] side)
    {
        var g = w.G;
        var below = new byte[side.Length];
        System.Threading.Tasks.Parallel.For(0, g.Y, w.Parallel, y =>
        {
            for (int x = 0; x < g.X; x++)
            {
                // Walk up from the most inferior slice until the first lung voxel; everything passed is under the base.
                int bottom = w.SuperiorIsUp ? 0 : g.Z - 1, up = -w.DownStep;
                int k = bottom;
                for (; k >= 0 && k < g.Z; k += up) if (side[g.Index(x, y, k)] != 0) break;
                if (k < 0 || k >= g.Z) continue;
                for (int m = bottom; m != k; m += up) below[g.Index(x, y, m)] = 1;
            }
        });
        return below;
    }

    /// <summary>
    /// Per slice, the LPS x of the spine (smoothed over neighbouring slices; the global value where a slice shows none).
    /// The mean of all bone pixels is only a first guess: at the shoulders it moves with the arms (LIDC-0314's right
    /// shoulder girdle sits lower, pulling the mean 10 mm to the right over 30 mm of the apex, so the mirrored left lung
    /// fell 20 mm short of the mediastinum and the mass between went to the mediastinum), and contrast in a subclavian
    /// vein or the SVC reads as bone. So the estimate is narrowed to the bone behind the body's centre (the vertebra and the
    /// rib heads beside it) within 40, then 25, then 20 mm of the previous estimate.
    /// </summary>
    internal static double[] SliceMidlines(WorkGrid w, byte[] bone, byte[] bodyFilled)
    {
        var g = w.G;
        var sum = new double[g.Z];
        var cnt = new long[g.Z];
        System.Threading.Tasks.Parallel.For(0, g.Z, w.Parallel, k =>
        {
            var xs = new List<double>();
            var ys = new List<double>();
            double bodyY = 0; long bodyN = 0;
            for (int y = 0; y < g.Y; y++)
            {
                int row = g.Index(0, y, k);
                for (int x = 0; x < g.X; x++)
                {
                    if (bodyFilled[row + x] != 0) { bodyY += w.LpsY(x, y, k); bodyN++; }
                    if (bone[row + x] == 0) continue;
                    xs.Add(w.LpsX(x, y, k)); ys.Add(w.LpsY(x, y, k));
                }
            }
            if (xs.Count == 0) return;
            double m = 0;
            foreach (double v in xs) m += v;
            m /= xs.Count;
            double centreY = bodyN > 0 ? bodyY / bodyN : double.NegativeInfinity;
            double s = m * xs.Count; long c = xs.Count;
            foreach (double half in (ReadOnlySpan<double>)[40, 25, 20])
            {
                double ns = 0; long nc = 0;
                for (int n = 0; n < xs.Count; n++)
                {
                    // LPS +y is posterior: the spine lies behind the body's centre.
                    if (ys[n] <= centreY || Math.Abs(xs[n] - m) > half) continue;
                    ns += xs[n]; nc++;
                }
                if (nc == 0) break;
                s = ns; c = nc; m = ns / nc;
            }
            sum[k] = s; cnt[k] = c;
        });
        double all = 0; long allN = 0;
        for (int k = 0; k < g.Z; k++) { all += sum[k]; allN += cnt[k]; }
        double global = allN > 0 ? all / allN : w.LpsX(g.X / 2, g.Y / 2, g.Z / 2);
        int halfSlices = Math.Max(1, (int)Math.Round(15 / w.SliceMm));
        var mid = new double[g.Z];
        for (int k = 0; k < g.Z; k++)
        {
            double s = 0; long c = 0;
            for (int d = Math.Max(0, k - halfSlices); d <= Math.Min(g.Z - 1, k + halfSlices); d++) { s += sum[d]; c += cnt[d]; }
            mid[k] = c > 0 ? s / c : global;
        }
        return mid;
    }
}
