namespace ChestScreener.Model.Calibration;

/// <summary>
/// Maps the density model's negative log-likelihood to a score in [0,1]: linear from the median of normal voxels
/// (score 0) to the threshold NLL (score = voxel threshold, the 99.9th percentile of normal voxels), then logistic
/// above it, saturating at 1, with <see cref="Scale"/> NLL units per logistic unit.
/// </summary>
public sealed record ScoreCalibration
{
    public double NllMedian { get; init; } = 0;
    public double NllAtThreshold { get; init; } = 1;
    public double Scale { get; init; } = 1;
    public double ScoreAtThreshold { get; init; } = 0.7;
    /// <summary>The normal-voxel percentile that <see cref="NllAtThreshold"/> was read at.</summary>
    public double Percentile { get; init; } = 99.9;

    public float Map(double nll)
    {
        if (double.IsNaN(nll)) return 1f;
        if (nll <= NllAtThreshold)
        {
            double t = (nll - NllMedian) / Math.Max(1e-9, NllAtThreshold - NllMedian);
            return (float)(ScoreAtThreshold * Math.Clamp(t, 0, 1));
        }
        // 2*sigmoid(u)-1 rises from 0 with slope 1/2: continuous at the threshold, reaches 1 only asymptotically.
        double u = (nll - NllAtThreshold) / Math.Max(1e-9, Scale);
        double rise = 2.0 / (1.0 + Math.Exp(-u)) - 1.0;
        return (float)(ScoreAtThreshold + (1 - ScoreAtThreshold) * rise);
    }
}
