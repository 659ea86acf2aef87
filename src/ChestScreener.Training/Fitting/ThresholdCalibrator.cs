using ChestScreener.Model;
using ChestScreener.Model.Calibration;

namespace ChestScreener.Training.Fitting;

/// <summary>Fit step 5: the score mapping of model.json from the normal voxels' NLL, before growth (<see cref="GrowthCalibrator"/> raises its threshold for growth).</summary>
public static class ThresholdCalibrator
{
    /// <summary>
    /// Score 0 at the normal voxels' 0.1th percentile, ScoreCalibration.ScoreAtMedian at their median, the decision's
    /// voxel threshold at the larger of the 99.9th percentile and the NLL above which normal studies would carry on
    /// average <paramref name="fraction"/> x the volume limit; logistic above with a width of a quarter of (threshold - median).
    /// </summary>
    public static ScoreCalibration Calibrate(IReadOnlyList<StudyFeatures> studies, IReadOnlyList<float[]> nlls, double spacing, DecisionThresholds decision, double fraction)
    {
        var normal = new List<float>();
        for (int si = 0; si < studies.Count; si++)
        {
            var m = studies[si].Masks.NormalBody;
            for (int i = 0; i < m.Length; i++) if (m[i] != 0 && !float.IsNaN(nlls[si][i])) normal.Add(nlls[si][i]);
        }
        if (normal.Count == 0) throw new ArgumentException("no scored normal voxel to calibrate on (check the scoring margins and the exclusion boxes)");
        normal.Sort();
        double median = normal[normal.Count / 2];
        double p999 = normal[(int)Math.Min(normal.Count - 1, normal.Count * 0.999)];
        double voxelMm3 = spacing * spacing * spacing;
        int allowed = (int)(studies.Count * decision.VolumeLimitMm3 * fraction / voxelMm3);
        double byVolume = normal[Math.Max(0, normal.Count - 1 - allowed)];
        double t = Math.Max(p999, byVolume);
        double percentile = 100.0 * normal.FindLastIndex(v => v <= t) / normal.Count;
        return new ScoreCalibration
        {
            NllMedian = median,
            NllAtZero = normal[normal.Count / 1000],
            NllAtThreshold = t,
            Scale = Math.Max(0.5, (t - median) / 4),
            ScoreAtThreshold = decision.VoxelThreshold,
            Percentile = Math.Round(percentile, 4),
        };
    }
}
