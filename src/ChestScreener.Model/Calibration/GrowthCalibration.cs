namespace ChestScreener.Model.Calibration;

/// <summary>
/// The low threshold of hysteresis scoring. The shipped map is smoothed strongly (σ of several mm) so that single
/// unusual voxels do not count; that also shrinks a flagged lesion to its core, so the anomalous volume of a 26 mm mass
/// came to a sixth of its size. A flagged region is therefore widened to the connected voxels whose lightly smoothed
/// NLL (σ = <see cref="SmoothingMm"/>) lies above <see cref="NllAtThreshold"/>, a high percentile of normal voxels;
/// those voxels score through this mapping (the score at the threshold is the voxel threshold).
/// </summary>
public sealed record GrowthCalibration
{
    public double SmoothingMm { get; init; } = 3;
    public double NllMedian { get; init; }
    public double NllAtThreshold { get; init; }
    public double Scale { get; init; } = 1;
    /// <summary>The normal-voxel percentile of the lightly smoothed map that <see cref="NllAtThreshold"/> was read at.</summary>
    public double Percentile { get; init; } = 99;

    public float Map(double nll, double scoreAtThreshold) => ScoreCalibration.MapNll(nll, NllMedian, NllAtThreshold, Scale, scoreAtThreshold);
}
