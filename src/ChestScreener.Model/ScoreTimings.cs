namespace ChestScreener.Model;

/// <summary>Seconds spent per stage of one <see cref="AnomalyScorer.Score"/> call, and the sliding-window facts.</summary>
/// <param name="ForwardSeconds">The sum of the sliding window's forward passes (inside <paramref name="Descriptor"/>).</param>
public sealed record ScoreTimings(double Preprocess, double Descriptor, double Density, double Resample, int Windows, double ForwardSeconds, int ModelVoxels)
{
    public double Total => Preprocess + Descriptor + Density + Resample;

    /// <summary>
    /// The finer steps (preprocess, clahe, region, windows.fill, windows.forward, windows.accumulate, context, nll,
    /// smoothing, hysteresis, resample, ...) in the order they ran; they add up to <see cref="Total"/> up to bookkeeping.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, double>> Steps { get; init; } = [];
}
