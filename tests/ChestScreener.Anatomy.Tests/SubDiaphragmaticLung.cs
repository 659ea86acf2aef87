using ChestScreener.Imaging;

namespace ChestScreener.Anatomy.Tests;

/// <summary>
/// Lung labelled under the diaphragm, measured from the labels and HU without the segmentation's own rules (axial grids).
/// <para>
/// "Below the dome" alone is no error: the posterior and lateral costophrenic recesses lie 3-8 cm below the top of the
/// liver and spleen, and the lung legitimately fills them. What the diaphragm separates is the column: gas in the stomach
/// or colon sits under a sheet of soft tissue that has lung above it. So a lung voxel counts when, walking down its
/// head-foot column, it comes after lung, then a run of at least <see cref="MinSeparationMm"/> of non-lung soft tissue
/// (&gt; -200 HU; not heart, mediastinum or airway), and that run ends below the side's liver/spleen level; and only as
/// part of a piece of lung (connected in its axial slice) of which most voxels are such: where the diaphragm's steep
/// posterior slope is partial-volumed at the edge of a recess, a few voxels of recess lung have a thin tissue run above
/// them, yet the rest of their section has lung straight above. A gas pocket under a dome is walled off in its slice.
/// </para>
/// <para>
/// Liver/spleen level per side: going down from the lung's widest section, the first slice where abdominal-organ soft
/// tissue (-50..200 HU, labelled other or chest wall) covers <see cref="OrganShare"/> of the lung's footprint (the columns
/// that hold that lung anywhere). Tissue runs above it (the shoulder girdle over an apex, the hilum) are not the diaphragm.
/// </para>
/// </summary>
public static class SubDiaphragmaticLung
{
    public const double MinSeparationMm = 4;
    public const double OrganShare = 0.3;

    /// <summary>Result per study: ml of lung under the diaphragm and the liver/spleen level (slice index, -1 when none) per side.</summary>
    public sealed record Measure(double Ml, int RightLevel, int LeftLevel, double RightLevelMm, double LeftLevelMm);

    public static Measure Of(Volume<short> hu, Volume<byte> labels, byte[]? mark = null)
    {
        var g = labels.Geometry;
        int nx = g.SizeX, ny = g.SizeY, nz = g.SizeZ, slice = nx * ny;
        var lab = labels.Data; var h = hu.Data;
        // Slice order from head to foot.
        bool superiorUp = g.AxisZ.Z >= 0;
        int Slice(int step) => superiorUp ? nz - 1 - step : step;
        int runN = Math.Max(2, (int)Math.Ceiling(MinSeparationMm / g.Spacing.Z));
        var level = new int[3];
        for (int side = 1; side <= 2; side++) level[side] = OrganLevel(g, lab, h, side, Slice);
        // A side whose footprint is mostly gas below (a stomach full of air under the left dome) shows no organ level
        // of its own; the other side's (the liver's) stands in.
        if (level[1] < 0) level[1] = level[2];
        if (level[2] < 0) level[2] = level[1];
        var flagged = new byte[lab.Length];
        for (int y = 0; y < ny; y++)
            for (int x = 0; x < nx; x++)
            {
                int lungSide = 0, run = 0, runEndStep = -1;
                bool blocked = false;
                for (int step = 0; step < nz; step++)
                {
                    int i = Slice(step) * slice + y * nx + x;
                    byte l = lab[i];
                    int s = RegionMap.IsRightLung(l) ? 1 : RegionMap.IsLeftLung(l) ? 2 : 0;
                    if (s != 0)
                    {
                        if (!blocked && lungSide != 0 && run >= runN && level[s] >= 0 && runEndStep >= level[s]) blocked = true;
                        if (blocked) flagged[i] = 1;
                        lungSide = s; run = 0;
                    }
                    else if (lungSide != 0 && h[i] > -200 && (l == RegionMap.Other || l == RegionMap.PleuraChestWall))
                    {
                        run++; runEndStep = step;
                    }
                    else run = 0;
                }
            }
        long count = CountMostlyFlaggedPieces(g, lab, flagged, mark);
        double ml = count * g.VoxelVolumeMm3 / 1000.0;
        double Mm(int step) => step < 0 ? double.NaN : step * g.Spacing.Z;
        return new Measure(ml, level[1], level[2], Mm(level[1]), Mm(level[2]));
    }

    /// <summary>Voxels of the per-slice lung pieces (4-connected, one side) of which at least half are flagged.</summary>
    private static long CountMostlyFlaggedPieces(Imaging.Geometry.VolumeGeometry g, byte[] lab, byte[] flagged, byte[]? mark)
    {
        int nx = g.SizeX, ny = g.SizeY, slice = nx * ny;
        var seen = new bool[lab.Length];
        var queue = new List<int>();
        long total = 0;
        for (int start = 0; start < lab.Length; start++)
        {
            if (flagged[start] == 0 || seen[start]) continue;
            bool right = RegionMap.IsRightLung(lab[start]);
            queue.Clear(); queue.Add(start); seen[start] = true;
            long hits = 0;
            for (int q = 0; q < queue.Count; q++)
            {
                int i = queue[q];
                hits += flagged[i];
                int z = i / slice, r = i - z * slice, y = r / nx, x = r - y * nx;
                if (x > 0) Visit(i - 1);
                if (x < nx - 1) Visit(i + 1);
                if (y > 0) Visit(i - nx);
                if (y < ny - 1) Visit(i + nx);
            }
            if (2 * hits < queue.Count) continue;
            total += queue.Count;
            if (mark is not null) foreach (int i in queue) mark[i] = 1;

            void Visit(int j)
            {
                if (seen[j] || !RegionMap.IsLung(lab[j]) || RegionMap.IsRightLung(lab[j]) != right) return;
                seen[j] = true; queue.Add(j);
            }
        }
        return total;
    }

    /// <summary>Steps down from the top slice to the liver (right) or spleen (left) level; -1 when none is seen.</summary>
    private static int OrganLevel(Imaging.Geometry.VolumeGeometry g, byte[] lab, short[] h, int side, Func<int, int> sliceOf)
    {
        int nx = g.SizeX, ny = g.SizeY, nz = g.SizeZ, slice = nx * ny;
        bool IsSide(byte l) => side == 1 ? RegionMap.IsRightLung(l) : RegionMap.IsLeftLung(l);
        var foot = new bool[slice];
        var area = new long[nz];
        for (int step = 0; step < nz; step++)
        {
            int off = sliceOf(step) * slice;
            for (int p = 0; p < slice; p++) if (IsSide(lab[off + p])) { foot[p] = true; area[step]++; }
        }
        long footN = foot.Count(f => f);
        if (footN == 0) return -1;
        int widest = Array.IndexOf(area, area.Max());
        for (int step = widest; step < nz; step++)
        {
            int off = sliceOf(step) * slice;
            long organ = 0;
            for (int p = 0; p < slice; p++)
            {
                if (!foot[p]) continue;
                byte l = lab[off + p];
                short v = h[off + p];
                if ((l == RegionMap.Other || l == RegionMap.PleuraChestWall) && v >= -50 && v < 200) organ++;
            }
            if (organ >= OrganShare * footN) return step;
        }
        return -1;
    }
}
