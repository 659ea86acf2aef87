using System.Text.Json.Serialization;

namespace ChestScreener.Model.Calibration;

/// <summary>
/// Maps the density model's negative log-likelihood to a score in [0,1]: piecewise linear through
/// <see cref="NllAtZero"/> (score 0), <see cref="NllMedian"/> (score <see cref="ScoreAtMedian"/>) and the threshold NLL
/// (score = voxel threshold), then logistic above it, saturating at 1, with
/// <see cref="Scale"/> NLL units per logistic unit. With <see cref="Growth"/> set, a region flagged by this map is
/// widened to the whole connected structure that a lightly smoothed map finds unusual (see RegionScores).
/// </summary>
public sealed record ScoreCalibration
{
    public double NllMedian { get; init; } = 0;
    /// <summary>
    /// The NLL that scores 0: a low percentile of normal voxels, so that normal voxels keep their ranking below the
    /// median instead of all scoring 0 (which costs voxel AUROC; the model card has the numbers). The lower half of
    /// normal voxels spans [0, <see cref="ScoreAtMedian"/>], so display thresholds such as 0.3 keep their meaning. Null
    /// in packages that predate it: those start the scale at the median.
    /// </summary>
    public double? NllAtZero { get; init; }

    /// <summary>The score of the median normal voxel when <see cref="NllAtZero"/> is set.</summary>
    public const double ScoreAtMedian = 0.05;

    public double NllAtThreshold { get; init; } = 1;
    public double Scale { get; init; } = 1;
    /// <summary>The score given to <see cref="NllAtThreshold"/>: the decision's voxel threshold (the fitter writes it; older packages lack it).</summary>
    public double ScoreAtThreshold { get; init; } = DecisionThresholds.DefaultVoxelThreshold;
    /// <summary>The normal-voxel percentile that <see cref="NllAtThreshold"/> was read at.</summary>
    public double Percentile { get; init; } = 99.9;
    /// <summary>Hysteresis growth of flagged regions; null = none (packages that predate it).</summary>
    public GrowthCalibration? Growth { get; init; }
    /// <summary>Whether each scan's NLL distribution is first moved onto this calibration's (<see cref="Calibration.ScanNormalisation"/>); absent = none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ScanNormalisationRule ScanNormalisation { get; init; } = ScanNormalisationRule.None;
    /// <summary>
    /// Half-width (mm) of the box of the patient's own reference: the scored map is first lowered where the mirrored
    /// place in the other half of the chest stands above the scan's median (<see cref="MirrorReference"/>); null = off.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? MirrorReferenceMm { get; init; }

    public float Map(double nll)
    {
        if (NllAtZero is { } zero && nll < NllMedian)
            return (float)(ScoreAtMedian * Math.Clamp((nll - zero) / Math.Max(1e-9, NllMedian - zero), 0, 1));
        return MapNll(nll, NllMedian, NllAtThreshold, Scale, ScoreAtThreshold, NllAtZero is null ? 0 : ScoreAtMedian);
    }

    /// <summary>The mapping itself, shared with <see cref="GrowthCalibration"/>.</summary>
    public static float MapNll(double nll, double median, double threshold, double scale, double scoreAtThreshold, double scoreAtMedian = 0)
    {
        if (double.IsNaN(nll)) return 1f;
        if (nll <= threshold)
        {
            double t = (nll - median) / Math.Max(1e-9, threshold - median);
            return (float)(scoreAtMedian + (scoreAtThreshold - scoreAtMedian) * Math.Clamp(t, 0, 1));
        }
        // 2*sigmoid(u)-1 rises from 0 with slope 1/2: continuous at the threshold, reaches 1 only asymptotically.
        double u = (nll - threshold) / Math.Max(1e-9, scale);
        double rise = 2.0 / (1.0 + Math.Exp(-u)) - 1.0;
        return (float)(scoreAtThreshold + (1 - scoreAtThreshold) * rise);
    }
}
