namespace ChestScreener.Anatomy;

/// <summary>Measures what the gate needs from the working-grid masks: extents along the head-foot axis, volumes, centroids.</summary>
internal static class FactsBuilder
{
    public static AnatomyFacts Measure(WorkGrid w, byte[] bodyFilled, byte[] side, byte[] region, LungSegmenter.Result lungs,
        double rightMl, double leftMl, double scanLengthMm, out (double Top, double Bottom)[] zRange)
    {
        var g = w.G;
        int nz = g.Z;
        var rCount = new long[nz]; var lCount = new long[nz]; var medCount = new long[nz];
        var sumX = new double[3]; var n = new long[3];
        long body = 0, airway = 0, med = 0, heart = 0;
        for (int k = 0; k < nz; k++)
        {
            for (int j = 0; j < g.Y; j++)
            {
                int row = g.Index(0, j, k);
                for (int i = 0; i < g.X; i++)
                {
                    int v = row + i;
                    body += bodyFilled[v];
                    byte s = side[v];
                    if (s != 0)
                    {
                        if (s == LungSegmenter.Right) rCount[k]++; else lCount[k]++;
                        sumX[s] += w.LpsX(i, j, k); n[s]++;
                        continue;
                    }
                    byte r = region[v];
                    if (r == RegionMap.Airways) airway++;
                    else if (r == RegionMap.Mediastinum) { med++; medCount[k]++; }
                    else if (r == RegionMap.Heart) { heart++; medCount[k]++; }
                }
            }
        }
        // Head-foot position of each working slice (its centre column); slices are ordered top (superior) to bottom.
        double half = w.SliceMm / 2;
        double SliceZ(int k) => w.LpsZ(g.X / 2, g.Y / 2, k);
        zRange = new (double, double)[3];
        zRange[1] = Extent(rCount); zRange[2] = Extent(lCount);
        var both = new long[nz];
        long maxArea = 0;
        for (int k = 0; k < nz; k++) { both[k] = rCount[k] + lCount[k]; maxArea = Math.Max(maxArea, both[k]); }
        var all = Extent(both);
        bool anyLung = maxArea > 0;
        double scanTop = SliceZ(w.TopSlice) + half, scanBottom = SliceZ(w.SuperiorIsUp ? 0 : nz - 1) - half;
        int bottomSlice = w.SuperiorIsUp ? 0 : nz - 1;
        long minMedPixels = (long)(300 / w.PixelMm2), minLungPixels = (long)(100 / w.PixelMm2);
        int medSlices = 0;
        for (int k = 0; k < nz; k++)
        {
            if (rCount[k] >= minLungPixels && lCount[k] >= minLungPixels && medCount[k] >= minMedPixels) medSlices++;
        }
        var (topCover, bottomCover) = EndCover(w, both);
        var right = Coverage(w, rCount, scanTop, scanBottom, SliceZ);
        var left = Coverage(w, lCount, scanTop, scanBottom, SliceZ);
        return new AnatomyFacts
        {
            RightApexMarginMm = right.Apex, RightBaseMarginMm = right.Base, RightTopCutFraction = right.TopCut, RightBottomCutFraction = right.BottomCut,
            RightMissingFraction = right.Missing,
            LeftApexMarginMm = left.Apex, LeftBaseMarginMm = left.Base, LeftTopCutFraction = left.TopCut, LeftBottomCutFraction = left.BottomCut,
            LeftMissingFraction = left.Missing,
            TopLungCoverMm = topCover,
            BottomLungCoverMm = bottomCover,
            ScanLengthMm = scanLengthMm,
            BodyMl = body * w.VoxelMl,
            InternalAirMl = lungs.InternalAirMl,
            RightLungMl = rightMl,
            LeftLungMl = leftMl,
            AirwaysMl = airway * w.VoxelMl,
            MediastinumMl = med * w.VoxelMl,
            HeartMl = heart * w.VoxelMl,
            TracheaFound = lungs.TracheaFound,
            LungHeightMm = anyLung ? all.Top - all.Bottom : 0,
            RightLungHeightMm = zRange[1].Top - zRange[1].Bottom,
            LeftLungHeightMm = zRange[2].Top - zRange[2].Bottom,
            LungTopMarginMm = anyLung ? scanTop - all.Top : scanTop - scanBottom,
            LungBottomMarginMm = anyLung ? all.Bottom - scanBottom : scanTop - scanBottom,
            TopCutFraction = anyLung ? both[w.TopSlice] / (double)maxArea : 0,
            BottomCutFraction = anyLung ? both[bottomSlice] / (double)maxArea : 0,
            MediastinumHeightMm = medSlices * w.SliceMm,
            LungSeparationMm = n[1] > 0 && n[2] > 0 ? sumX[2] / n[2] - sumX[1] / n[1] : 0,
        };

        (double Top, double Bottom) Extent(long[] count)
        {
            double top = double.MinValue, bottom = double.MaxValue;
            for (int k = 0; k < nz; k++)
            {
                if (count[k] == 0) continue;
                double z = SliceZ(k);
                top = Math.Max(top, z + half); bottom = Math.Min(bottom, z - half);
            }
            return top == double.MinValue ? (0, 0) : (top, bottom);
        }
    }

    /// <summary>
    /// One lung's coverage: margins to the scan ends, its end-slice sections as fractions of its widest, and the share of it
    /// estimated outside the scan. At a cut end the section is extrapolated outwards at the rate it shrinks over the last
    /// <see cref="SlopeMm"/> inside the scan (a cone: missing volume = end area x length / 2), at most <see cref="MaxExtrapolationMm"/>;
    /// an end section that does not shrink at all is extrapolated the full length.
    /// </summary>
    private static (double Apex, double Base, double TopCut, double BottomCut, double Missing) Coverage(WorkGrid w, long[] count,
        double scanTop, double scanBottom, Func<int, double> sliceZ)
    {
        int nz = count.Length;
        long max = count.Max(), total = count.Sum();
        if (max == 0) return (scanTop - scanBottom, scanTop - scanBottom, 0, 0, 0);
        double half = w.SliceMm / 2, top = double.MinValue, bottom = double.MaxValue;
        for (int k = 0; k < nz; k++)
        {
            if (count[k] == 0) continue;
            top = Math.Max(top, sliceZ(k) + half); bottom = Math.Min(bottom, sliceZ(k) - half);
        }
        int topSlice = w.TopSlice, bottomSlice = w.SuperiorIsUp ? 0 : nz - 1;
        double missing = Extrapolate(topSlice, w.DownStep) + Extrapolate(bottomSlice, -w.DownStep);
        return (scanTop - top, bottom - scanBottom, count[topSlice] / (double)max, count[bottomSlice] / (double)max, missing / (missing + total));

        // Missing voxels beyond an end slice.
        double Extrapolate(int end, int inward)
        {
            long a0 = count[end];
            if (a0 == 0) return 0;
            int steps = Math.Max(1, (int)Math.Round(SlopeMm / w.SliceMm));
            int inner = Math.Clamp(end + inward * steps, 0, nz - 1);
            double dist = Math.Abs(inner - end) * w.SliceMm;
            double rate = dist > 0 ? (count[inner] - a0) / dist : 0; // voxels of section gained per mm inwards
            double length = rate > 0 ? Math.Min(MaxExtrapolationMm, a0 / rate) : MaxExtrapolationMm;
            return a0 * length / 2 / w.SliceMm;
        }
    }

    private const double SlopeMm = 20;
    private const double MaxExtrapolationMm = 80;

    /// <summary>
    /// Head-foot extent of the lung section that continues from the first (top) and last (bottom) slice: slices are
    /// counted inwards while their lung area stays above a fifth of the largest area met so far, so lung bases at the top
    /// of an abdominal scan end where the bases end, even when bowel gas lower down is taken for lung.
    /// </summary>
    private static (double Top, double Bottom) EndCover(WorkGrid w, long[] area)
    {
        int nz = area.Length;
        return (Run(w.TopSlice, w.DownStep), Run(w.SuperiorIsUp ? 0 : nz - 1, -w.DownStep));

        double Run(int start, int step)
        {
            long max = 0;
            int n = 0;
            for (int k = start; k >= 0 && k < nz; k += step, n++)
            {
                max = Math.Max(max, area[k]);
                if (max == 0 || area[k] < 0.2 * max) break;
            }
            return n * w.SliceMm;
        }
    }
}
