using ChestScreener.Imaging;

namespace ChestScreener.Anatomy.TotalSegmentator;

/// <summary>Puts TotalSegmentator's classes over the classical regions and re-measures the gate facts on its lungs.</summary>
internal static class TotalSegmentatorMerge
{
    public static AnatomyResult Merge(CtVolume ct, AnatomyAnalyzer.Core core, Volume<byte> ts, TotalSegmentatorClasses classes, int threads)
    {
        var g = ct.Geometry;
        var classical = core.Result.Labels.Data;
        var seg = ts.Data;
        // Per class kind: 1 right lung, 2 left lung, region id otherwise, 0 = not ours.
        var kind = new byte[256];
        var lobes = new byte[256];
        for (int id = 1; id < 256; id++)
        {
            if (classes.IsRightLung(id)) kind[id] = LungSegmenter.Right;
            else if (classes.IsLeftLung(id)) kind[id] = LungSegmenter.Left;
            else if (id == classes.Trachea) kind[id] = RegionMap.Airways;
            else if (id == classes.Heart) kind[id] = RegionMap.Heart;
            else if (id == classes.Aorta || id == classes.Esophagus) kind[id] = RegionMap.Mediastinum;
            else if (classes.IsRib(id) || id == classes.Sternum) kind[id] = RegionMap.PleuraChestWall;
            if (classes.LobeName(id) is not null) lobes[id] = (byte)id;
        }
        // Head-foot extent of each TotalSegmentator lung for the zones.
        double z0 = g.Origin.Z, dzx = g.AxisX.Z * g.Spacing.X, dzy = g.AxisY.Z * g.Spacing.Y, dzz = g.AxisZ.Z * g.Spacing.Z;
        var top = new[] { double.MinValue, double.MinValue, double.MinValue };
        var bottom = new[] { double.MaxValue, double.MaxValue, double.MaxValue };
        long anyLung = 0;
        for (int k = 0; k < g.SizeZ; k++)
        {
            for (int j = 0; j < g.SizeY; j++)
            {
                long row = g.Index(0, j, k);
                for (int i = 0; i < g.SizeX; i++)
                {
                    byte s = kind[seg[row + i]];
                    if (s != LungSegmenter.Right && s != LungSegmenter.Left) continue;
                    double z = z0 + i * dzx + j * dzy + k * dzz;
                    if (z > top[s]) top[s] = z;
                    if (z < bottom[s]) bottom[s] = z;
                    anyLung++;
                }
            }
        }
        var labels = new Volume<byte>(g);
        var lobeVolume = new Volume<byte>(g);
        var lab = labels.Data;
        long right = 0, left = 0;
        for (int k = 0; k < g.SizeZ; k++)
        {
            for (int j = 0; j < g.SizeY; j++)
            {
                long row = g.Index(0, j, k);
                for (int i = 0; i < g.SizeX; i++)
                {
                    long v = row + i;
                    byte id = seg[v], c = classical[v], s = kind[id];
                    lobeVolume.Data[v] = lobes[id];
                    if (s == LungSegmenter.Right || s == LungSegmenter.Left)
                    {
                        double z = z0 + i * dzx + j * dzy + k * dzz, h = top[s] - bottom[s];
                        int zone = h <= 0 ? 0 : z > top[s] - h / 3 ? 0 : z > top[s] - 2 * h / 3 ? 1 : 2;
                        lab[v] = (byte)((s == LungSegmenter.Right ? RegionMap.RightLungUpper : RegionMap.LeftLungUpper) + zone);
                        if (s == LungSegmenter.Right) right++; else left++;
                    }
                    else if (s != 0) lab[v] = s;
                    // Where TotalSegmentator found lungs, classical lung outside them is border tissue.
                    else if (anyLung > 0 && RegionMap.IsLung(c)) lab[v] = RegionMap.PleuraChestWall;
                    else lab[v] = c;
                }
            }
        }
        double ml = g.VoxelVolumeMm3 / 1000.0;
        var facts = Remeasure(core, labels, right * ml, left * ml, seg, classes) with { BodyPart = core.Result.Facts.BodyPart };
        var verdict = ChestGate.Evaluate(facts);
        var notes = new List<string>(core.Lungs.Notes) { "lungs, lobes, trachea, heart, aorta, oesophagus and ribs from TotalSegmentator" };
        return new AnatomyResult
        {
            Labels = labels,
            Body = core.Result.Body,
            LeftLungMl = left * ml,
            RightLungMl = right * ml,
            Facts = facts,
            Checks = AnatomyAnalyzer.GateChecks(verdict, notes),
            Warnings = verdict.Warnings,
            Lobes = lobeVolume,
            Elapsed = core.Result.Elapsed,
        };
    }

    /// <summary>Gate facts from the merged labels, sampled at the centre of each working-grid block.</summary>
    private static AnatomyFacts Remeasure(AnatomyAnalyzer.Core core, Volume<byte> labels, double rightMl, double leftMl, byte[] seg, TotalSegmentatorClasses classes)
    {
        var w = core.Grid;
        var g = w.G;
        var side = new byte[g.Count];
        var region = new byte[g.Count];
        bool trachea = false;
        var full = labels.Geometry;
        for (int k = 0; k < g.Z; k++)
        {
            int fk = Math.Min(full.SizeZ - 1, k * w.Fz + w.Fz / 2);
            for (int j = 0; j < g.Y; j++)
            {
                int fj = Math.Min(full.SizeY - 1, j * w.Fy + w.Fy / 2);
                for (int i = 0; i < g.X; i++)
                {
                    int fi = Math.Min(full.SizeX - 1, i * w.Fx + w.Fx / 2);
                    long v = full.Index(fi, fj, fk);
                    byte l = labels.Data[v];
                    int wi = g.Index(i, j, k);
                    if (RegionMap.IsRightLung(l)) side[wi] = LungSegmenter.Right;
                    else if (RegionMap.IsLeftLung(l)) side[wi] = LungSegmenter.Left;
                    else region[wi] = l;
                    if (seg[v] == classes.Trachea) trachea = true;
                }
            }
        }
        var facts = FactsBuilder.Measure(w, core.BodyFilled, side, region, core.Lungs, rightMl, leftMl, core.ScanLengthMm, out _);
        return facts with { Method = "totalsegmentator", TracheaFound = trachea || facts.TracheaFound };
    }
}
