namespace ChestScreener.Evaluation.Metrics;

/// <summary>One ROC point: rates for "positive when score ≥ Threshold".</summary>
public readonly record struct RocPoint(double FalsePositiveRate, double TruePositiveRate, double Threshold);
