using ChestScreener.Model;
using ChestScreener.Model.Calibration;

namespace ChestScreener.Training.Fitting;

/// <summary>
/// Calibrates hysteresis scoring (RegionScores) on normal voxels only:
/// <list type="number">
/// <item>the low threshold is the given percentile of the normal voxels of the lightly smoothed map;</item>
/// <item>the region threshold t starts at the calibration without growth and is raised until the normal studies carry
/// on average no more than the same share of the volume limit once their flagged regions have grown. Growth makes
/// normal regions larger too, so t can only rise; the rule is the one ThresholdCalibrator.Calibrate applies without growth.</item>
/// </list>
/// With <c>lesionRegions</c> off, a region whose strongest voxel lies within a lesion's widened box is that lesion's
/// finding, as a reader would count it, and its growth into the tissue around the box does not count as normal volume.
/// On a manifest of normal studies only (no boxes) both settings are the same.
/// </summary>
public static class GrowthCalibrator
{
    /// <summary>
    /// Normal voxels (<paramref name="normal"/> = 1) inside the regions of one study at thresholds t and t_low. Without
    /// <paramref name="lesionRegions"/>, a region whose strongest voxel (on <paramref name="high"/>) is not normal tissue,
    /// i.e. lies within a widened lesion box, is the lesion's and adds nothing.
    /// </summary>
    public static long NormalRegionVoxels(float[] high, float[] low, byte[] normal, double t, double tLow, int nx, int ny, int nz, bool lesionRegions)
    {
        long n = 0;
        foreach (var region in RegionScores.Regions(high, low, t, tLow, nx, ny, nz))
        {
            if (!lesionRegions && normal[region.MaxBy(i => high[i])] == 0) continue;
            foreach (int i in region) n += normal[i];
        }
        return n;
    }

    /// <param name="lesionRegions">Count the normal voxels of regions whose strongest voxel lies within a widened lesion box too (1.2.0).</param>
    public static ScoreCalibration Calibrate(IReadOnlyList<StudyFeatures> studies, IReadOnlyList<float[]> high, IReadOnlyList<float[]> low, ScoreCalibration withoutGrowth, double smoothingMm, double percentile, DecisionThresholds decision, double fraction, double spacingMm, bool lesionRegions)
    {
        var normalLow = new List<float>();
        var normalHigh = new List<float>();
        for (int si = 0; si < studies.Count; si++)
        {
            var m = studies[si].Masks.NormalBody;
            for (int i = 0; i < m.Length; i++)
            {
                if (m[i] == 0) continue;
                if (!float.IsNaN(low[si][i])) normalLow.Add(low[si][i]);
                if (!float.IsNaN(high[si][i])) normalHigh.Add(high[si][i]);
            }
        }
        normalLow.Sort();
        normalHigh.Sort();
        double median = normalLow[normalLow.Count / 2];
        double tLow = normalLow[(int)Math.Min(normalLow.Count - 1, normalLow.Count * percentile / 100)];
        double allowed = studies.Count * decision.VolumeLimitMm3 * fraction / Math.Pow(spacingMm, 3);

        long NormalVoxels(double t)
        {
            long n = 0;
            for (int si = 0; si < studies.Count; si++)
            {
                var pv = studies[si].Volume;
                n += NormalRegionVoxels(high[si], low[si], studies[si].Masks.NormalBody, t, tLow, pv.SizeX, pv.SizeY, pv.SizeZ, lesionRegions);
            }
            return n;
        }

        // Normal volume falls as t rises (fewer seeds, the same growth), so bisect between the threshold without
        // growth and the highest scored voxel.
        double highest = high.Max(h => h.Where(v => !float.IsNaN(v)).DefaultIfEmpty(float.NegativeInfinity).Max());
        double lo = withoutGrowth.NllAtThreshold, hi = Math.Max(lo, highest);
        if (NormalVoxels(lo) > allowed)
        {
            for (int it = 0; it < 40 && hi - lo > 1e-3; it++)
            {
                double mid = 0.5 * (lo + hi);
                if (NormalVoxels(mid) > allowed) lo = mid; else hi = mid;
            }
            lo = hi;
        }
        double t = lo;
        int above = normalHigh.Count - normalHigh.FindLastIndex(v => v <= t) - 1;
        return withoutGrowth with
        {
            NllAtThreshold = t,
            Scale = Math.Max(0.5, (t - withoutGrowth.NllMedian) / 4),
            Percentile = Math.Round(100.0 * (normalHigh.Count - above) / normalHigh.Count, 4),
            Growth = new GrowthCalibration
            {
                SmoothingMm = smoothingMm,
                NllMedian = median,
                NllAtThreshold = tLow,
                Scale = Math.Max(0.5, (tLow - median) / 4),
                Percentile = percentile,
            },
        };
    }
}
