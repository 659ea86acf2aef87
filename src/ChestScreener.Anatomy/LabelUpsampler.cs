using ChestScreener.Imaging;

namespace ChestScreener.Anatomy;

/// <summary>
/// Brings the working-grid regions to the CT grid. Inside a block the working label is copied; in blocks on a lung
/// border the full-resolution HU decides between lung and the neighbouring region, so the lung edge is as sharp as
/// the CT. Lung zones (upper/middle/lower thirds of each lung's head-foot extent) are assigned here.
/// </summary>
internal static class LabelUpsampler
{
    public sealed class Output
    {
        public required Volume<byte> Labels { get; init; }
        public required Volume<byte> Body { get; init; }
        public long RightVoxels { get; init; }
        public long LeftVoxels { get; init; }
    }

    /// <param name="zRange">Head-foot LPS z range (top, bottom) per side index 1 = right, 2 = left.</param>
    public static Output Run(CtVolume ct, WorkGrid w, AnatomyOptions o, byte[] side, byte[] region, (double Top, double Bottom)[] zRange)
    {
        var g = w.G;
        // Per working voxel: the lung side next to it and the non-lung region next to it (0 when none), so that the
        // full-resolution loop needs one lookup per voxel.
        var nbSide = new byte[side.Length];
        var nbOther = new byte[side.Length];
        System.Threading.Tasks.Parallel.For(0, g.Z, w.Parallel, z =>
        {
            for (int y = 0; y < g.Y; y++)
            {
                for (int x = 0; x < g.X; x++)
                {
                    int i = g.Index(x, y, z);
                    byte s = side[i], other = Soft(region[i]) ? region[i] : (byte)0, ns = 0;
                    bool lung = s != 0;
                    Look(x > 0, i - 1); Look(x < g.X - 1, i + 1); Look(y > 0, i - g.X); Look(y < g.Y - 1, i + g.X);
                    Look(z > 0, i - g.Slice); Look(z < g.Z - 1, i + g.Slice);
                    nbSide[i] = lung ? (byte)0 : ns;
                    nbOther[i] = lung ? other : (byte)0;

                    void Look(bool inside, int j)
                    {
                        if (!inside) return;
                        if (lung) { if (other == 0 && Soft(region[j]) && side[j] == 0) other = region[j]; }
                        else if (ns == 0 && side[j] != 0) ns = side[j];
                    }
                }
            }
        });

        var full = ct.Geometry;
        var labels = new Volume<byte>(full);
        var body = new Volume<byte>(full);
        int nx = full.SizeX, ny = full.SizeY, fx = w.Fx, fy = w.Fy, fz = w.Fz;
        var hu = ct.Hu.Data;
        var whu = w.Hu.Data;
        var lab = labels.Data; var bod = body.Data;
        short edge = o.LungEdgeHu;
        var xmap = new int[nx];
        for (int i = 0; i < nx; i++) xmap[i] = i / fx;
        double z0 = full.Origin.Z, dzx = full.AxisX.Z * full.Spacing.X, dzy = full.AxisY.Z * full.Spacing.Y, dzz = full.AxisZ.Z * full.Spacing.Z;
        // Zone cut positions per side: z above cut1 -> upper, above cut2 -> middle, else lower.
        var cut1 = new double[3]; var cut2 = new double[3];
        for (int s = 1; s <= 2; s++)
        {
            double h = zRange[s].Top - zRange[s].Bottom;
            cut1[s] = zRange[s].Top - h / 3; cut2[s] = zRange[s].Top - 2 * h / 3;
        }
        long rightCount = 0, leftCount = 0;
        int Zone(double zp, int s) => zp > cut1[s] ? 0 : zp > cut2[s] ? 1 : 2;
        System.Threading.Tasks.Parallel.For(0, full.SizeZ, w.Parallel, () => (0L, 0L), (k, _, c) =>
        {
            int wk = k / fz;
            for (int j = 0; j < ny; j++)
            {
                int wrow = (wk * g.Y + j / fy) * g.X;
                long row = ((long)k * ny + j) * nx;
                double zRow = z0 + j * dzy + k * dzz;
                // Axial grids (no in-row head-foot change) share one zone per row and side.
                bool flatRow = dzx == 0;
                int zoneR = Zone(zRow, 1), zoneL = Zone(zRow, 2);
                for (int i = 0; i < nx; i++)
                {
                    int wi = wrow + xmap[i];
                    long v = row + i;
                    byte s = side[wi];
                    byte label;
                    if (s != 0)
                    {
                        // Only an aerated border block is sharpened: a dense lung block (nodule, mass, airless lung
                        // against the wall) is lung throughout, else a juxtapleural nodule would go to the chest wall.
                        byte other = whu[wi] < o.LungEdgeBlockHu ? nbOther[wi] : (byte)0;
                        label = other != 0 && hu[v] >= edge ? other : (byte)0;
                    }
                    else
                    {
                        label = region[wi];
                        byte ns = nbSide[wi];
                        if (ns != 0 && Soft(label) && hu[v] < edge) s = ns;
                    }
                    if (label == 0 && s != 0)
                    {
                        int zone = flatRow ? (s == LungSegmenter.Right ? zoneR : zoneL) : Zone(zRow + i * dzx, s);
                        if (s == LungSegmenter.Right) { label = (byte)(RegionMap.RightLungUpper + zone); c.Item1++; }
                        else { label = (byte)(RegionMap.LeftLungUpper + zone); c.Item2++; }
                    }
                    lab[v] = label;
                    bod[v] = label != 0 ? (byte)1 : (byte)0;
                }
            }
            return c;
        }, c => { Interlocked.Add(ref rightCount, c.Item1); Interlocked.Add(ref leftCount, c.Item2); });
        return new Output { Labels = labels, Body = body, RightVoxels = rightCount, LeftVoxels = leftCount };
    }

    /// <summary>Regions a lung border may give voxels to or take voxels from (not outside, not airways).</summary>
    private static bool Soft(byte region) => region != RegionMap.Outside && region != RegionMap.Airways;
}
