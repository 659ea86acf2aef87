using ChestScreener.Imaging.Filters;

namespace ChestScreener.Anatomy;

/// <summary>Non-lung regions on the working grid: bone, mediastinum with a heart estimate, pleura/chest-wall shell, other.</summary>
internal static class RegionBuilder
{
    /// <summary>
    /// Region id per working voxel for everything that is not lung (<see cref="RegionMap"/> ids; lung voxels get 0 here,
    /// their side lives in the lung result), plus the bone mask.
    /// </summary>
    public static (byte[] Region, byte[] Bone) Build(WorkGrid w, AnatomyOptions o, byte[] bodyFilled, LungSegmenter.Result lungs)
    {
        var g = w.G;
        var hu = w.Hu.Data;
        var side = lungs.Side;
        var airway = lungs.Airway;
        int n = hu.Length;
        var bone = new byte[n];
        var all = new byte[n];
        var right = new byte[n];
        var left = new byte[n];
        for (int i = 0; i < n; i++)
        {
            bone[i] = bodyFilled[i] != 0 && side[i] == 0 && hu[i] >= o.BoneHu ? (byte)1 : (byte)0;
            all[i] = side[i] != 0 || airway[i] != 0 ? (byte)1 : (byte)0;
            right[i] = side[i] == LungSegmenter.Right ? (byte)1 : (byte)0;
            left[i] = side[i] == LungSegmenter.Left ? (byte)1 : (byte)0;
        }
        var hull = SliceFill.ConvexHull(all, g, w.Threads);
        var hullR = SliceFill.ConvexHull(right, g, w.Threads);
        var hullL = SliceFill.ConvexHull(left, g, w.Threads);
        var (_, sliceOk) = LungLevels(w, o, side);
        // Under a lung base (per column, below the lowest lung voxel): liver, spleen, stomach; the heart has lung beside it.
        var below = PleuralCavity.UnderLungBase(w, side);

        // Mediastinum: soft tissue inside the hull of both lungs, on levels where both lungs are well present, except what
        // lies in one lung's own hull under the lower part of a lung (liver and spleen under the domes).
        var med = new byte[n];
        System.Threading.Tasks.Parallel.For(0, g.Z, w.Parallel, k =>
        {
            if (!sliceOk[k]) return;
            for (int i = k * g.Slice, end = i + g.Slice; i < end; i++)
            {
                bool sub = (hullR[i] | hullL[i]) != 0 && below[i] != 0;
                med[i] = hull[i] != 0 && bodyFilled[i] != 0 && all[i] == 0 && bone[i] == 0 && !sub ? (byte)1 : (byte)0;
            }
        });
        var sp = w.Geometry.Spacing;
        med = ConnectedComponents.Largest3D(DiskMorphology.Open(med, g, o.MediastinumOpenMm, sp.X, sp.Y, w.Threads), g);

        // Contrast-filled chambers are as bright as bone in a block mean: the heart is looked for in the mediastinum plus
        // the bright-but-not-cortical voxels between the lungs, else a contrast CT leaves only the myocardium's rim.
        var heartSource = new byte[n];
        int domeSlice = HeartFloor(w, side);
        System.Threading.Tasks.Parallel.For(0, g.Z, w.Parallel, k =>
        {
            if (!sliceOk[k] || (k - domeSlice) * w.DownStep > 0) return;
            for (int i = k * g.Slice, end = i + g.Slice; i < end; i++)
            {
                if (hull[i] != 0 && bodyFilled[i] != 0 && all[i] == 0 && hu[i] >= o.HeartMinHu && hu[i] < o.ContrastBloodMaxHu) heartSource[i] = 1;
            }
        });
        var heart = Heart(w, o, heartSource, lungs.CarinaSlice, side);
        AbsorbInLungOutline(side, hullR, hullL, below, bodyFilled, airway, bone, med, heart, w);

        int rs = w.InPlane(o.ShellMm), rz = w.Through(o.ShellThroughPlaneMm);
        var shell = BinaryMorphology.Dilate(all, g, rs, rs, rz, w.Threads);

        var region = new byte[n];
        for (int i = 0; i < n; i++)
        {
            if (bodyFilled[i] == 0 && airway[i] == 0) continue;
            if (side[i] != 0) continue;
            region[i] = airway[i] != 0 ? RegionMap.Airways
                : heart[i] != 0 ? RegionMap.Heart
                : med[i] != 0 ? RegionMap.Mediastinum
                : shell[i] != 0 ? RegionMap.PleuraChestWall
                : RegionMap.Other;
        }
        return (region, bone);
    }

    /// <summary>
    /// Soft tissue inside one lung's own outline (its per-slice convex hull) that is not mediastinum, heart, bone, airway
    /// or under a lung dome becomes that lung: a mass or consolidation that fills part of a lung touches the hilum or the
    /// chest wall, so it is no hole the slice filling could close, yet it lies within the lung and is named by it. The
    /// chest wall stays outside: the lung surface against the ribs is convex.
    /// </summary>
    private static void AbsorbInLungOutline(byte[] side, byte[] hullR, byte[] hullL, byte[] below, byte[] bodyFilled, byte[] airway, byte[] bone, byte[] med, byte[] heart, WorkGrid w)
    {
        System.Threading.Tasks.Parallel.For(0, w.G.Z, w.Parallel, k =>
        {
            for (int i = k * w.G.Slice, end = i + w.G.Slice; i < end; i++)
            {
                if (side[i] != 0 || bodyFilled[i] == 0 || below[i] != 0 || (airway[i] | bone[i] | med[i] | heart[i]) != 0) continue;
                bool r = hullR[i] != 0, l = hullL[i] != 0;
                if (r != l) side[i] = r ? LungSegmenter.Right : LungSegmenter.Left;
            }
        });
    }

    /// <summary>
    /// (1 where the nearest lung voxel above in the same column lies in the lower part of the lungs, i.e. under a lung
    /// dome; per slice: both lungs present with a fair share of their widest section).
    /// </summary>
    internal static (byte[] Below, bool[] SliceOk) LungLevels(WorkGrid w, AnatomyOptions o, byte[] side)
    {
        var g = w.G;
        var r = new long[g.Z]; var l = new long[g.Z];
        int top = -1, bottom = -1;
        for (int k = w.TopSlice, n = 0; n < g.Z; k += w.DownStep, n++)
        {
            foreach (byte s in side.AsSpan(k * g.Slice, g.Slice))
            {
                if (s == LungSegmenter.Right) r[k]++;
                else if (s == LungSegmenter.Left) l[k]++;
            }
            if (r[k] + l[k] == 0) continue;
            if (top < 0) top = n;
            bottom = n;
        }
        long maxR = r.Max(), maxL = l.Max();
        var ok = new bool[g.Z];
        for (int k = 0; k < g.Z; k++) ok[k] = r[k] >= o.MediastinumLungShare * maxR && l[k] >= o.MediastinumLungShare * maxL && maxR > 0 && maxL > 0;
        var below = new byte[side.Length];
        if (top < 0) return (below, ok);
        // Steps down from the top slice beyond which a lung voxel counts as "lower lung" (a dome over the abdomen).
        int lowerFrom = top + (int)((bottom - top) * o.DomeLevel);
        System.Threading.Tasks.Parallel.For(0, g.Y, w.Parallel, y =>
        {
            for (int x = 0; x < g.X; x++)
            {
                int lastLungStep = -1;
                for (int k = w.TopSlice, n = 0; n < g.Z; k += w.DownStep, n++)
                {
                    int i = g.Index(x, y, k);
                    if (side[i] != 0) { lastLungStep = n; continue; }
                    if (lastLungStep >= lowerFrom) below[i] = 1;
                }
            }
        });
        return (below, ok);
    }

    /// <summary>
    /// Working slice below which no heart voxel lies: the right hemidiaphragm's dome when both domes sit at a normal
    /// height, else the lower one. Each dome is found going down from that lung's widest section to the first level where
    /// its section falls under half of the widest (the liver or spleen then fills its middle). The heart rests mostly on
    /// the left dome; a dome raised far above the other (volume loss of a lung with a mass, a paralysed hemidiaphragm) would
    /// cut the heart in two, so then the other dome bounds it.
    /// </summary>
    private static int HeartFloor(WorkGrid w, byte[] side)
    {
        var right = DomeTop(w, side, LungSegmenter.Right);
        var left = DomeTop(w, side, LungSegmenter.Left);
        int Step(int k) => (k - w.TopSlice) * w.DownStep;
        int top = int.MaxValue, bottom = -1;
        for (int k = w.TopSlice, step = 0; k >= 0 && k < w.G.Z; k += w.DownStep, step++)
        {
            if (side.AsSpan(k * w.G.Slice, w.G.Slice).IndexOfAnyExcept((byte)0) < 0) continue;
            top = Math.Min(top, step); bottom = step;
        }
        int lower = Step(right) >= Step(left) ? right : left;
        // "Raised far": the domes more than a fifth of the lungs' height apart (normally the right is 1-3 cm higher and
        // bounds the heart: the liver under it is the first thing the heart estimate must not take).
        return bottom > top && Math.Abs(Step(right) - Step(left)) > 0.2 * (bottom - top) ? lower : right;
    }

    /// <summary>Dome slice of one lung (see <see cref="HeartFloor"/>).</summary>
    private static int DomeTop(WorkGrid w, byte[] side, byte s)
    {
        var g = w.G;
        var area = new long[g.Z];
        for (int k = 0; k < g.Z; k++) foreach (byte v in side.AsSpan(k * g.Slice, g.Slice)) if (v == s) area[k]++;
        long max = area.Max();
        int widest = Array.IndexOf(area, max);
        for (int k = widest; k >= 0 && k < g.Z; k += w.DownStep) if (area[k] < max / 2) return k;
        return w.SuperiorIsUp ? 0 : g.Z - 1;
    }

    /// <summary>Heart estimate: the thick part of the mediastinum below the carina (or below the middle of the lungs).</summary>
    private static byte[] Heart(WorkGrid w, AnatomyOptions o, byte[] med, int carina, byte[] side)
    {
        var g = w.G;
        // Lung extent, as steps down from the top slice.
        int top = -1, bottom = -1;
        for (int k = w.TopSlice, step = 0; k >= 0 && k < g.Z; k += w.DownStep, step++)
        {
            if (side.AsSpan(k * g.Slice, g.Slice).IndexOfAnyExcept((byte)0) < 0) continue;
            if (top < 0) top = step;
            bottom = step;
        }
        if (top < 0) return new byte[med.Length];
        int height = bottom - top;
        // The heart starts a little below the carina (left atrium); above it lie the great vessels. A carina found in the
        // lower half of the lungs is an airway leak (oesophageal gas), not the carina: the carina lies about a third down.
        int carinaStep = carina < 0 ? -1 : (carina - w.TopSlice) * w.DownStep;
        int startStep = carinaStep >= top + height / 6 && carinaStep <= top + height / 2
            ? carinaStep + w.Through(o.HeartBelowCarinaMm)
            : top + (int)(0.4 * height);
        int start = w.TopSlice + w.DownStep * startStep;
        var low = new byte[med.Length];
        for (int k = Math.Clamp(start, 0, g.Z - 1); k >= 0 && k < g.Z; k += w.DownStep) Array.Copy(med, k * g.Slice, low, k * g.Slice, g.Slice);
        var sp = w.Geometry.Spacing;
        var opened = DiskMorphology.Open(low, g, o.HeartOpenMm, sp.X, sp.Y, w.Threads);
        var heart = ConnectedComponents.Largest3D(opened, g);
        if (Environment.GetEnvironmentVariable("CHESTSCREENER_TRACE") == "1") Console.Error.WriteLine($"heart: carina {carina} start {start} low {low.Sum(b => (long)b)} opened {opened.Sum(b => (long)b)} heart {heart.Sum(b => (long)b)}");
        for (int i = 0; i < heart.Length; i++) heart[i] &= med[i];
        return heart;
    }
}
