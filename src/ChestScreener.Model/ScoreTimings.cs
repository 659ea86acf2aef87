namespace ChestScreener.Model;

/// <summary>Seconds spent per stage of one <see cref="AnomalyScorer.Score"/> call, and the sliding-window facts.</summary>
public sealed record ScoreTimings(double Preprocess, double Descriptor, double Density, double Resample, int Windows, double ForwardSeconds, int ModelVoxels)
{
    public double Total => Preprocess + Descriptor + Density + Resample;
}
