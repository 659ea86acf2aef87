namespace ChestScreener.Evaluation.Metrics;

/// <summary>A point estimate with a two-sided interval (Level = 0.95 for a 95% CI).</summary>
public sealed record ConfidenceInterval(double Estimate, double Lower, double Upper, double Level, int Resamples);
