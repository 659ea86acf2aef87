namespace ChestScreener.Evaluation.Metrics;

/// <summary>Sensitivity and specificity of a yes/no call on a labelled set, with the counts behind them.</summary>
public sealed record OperatingPoint(double Threshold, int TruePositives, int FalseNegatives, int TrueNegatives, int FalsePositives)
{
    public double Sensitivity => TruePositives + FalseNegatives == 0 ? double.NaN : (double)TruePositives / (TruePositives + FalseNegatives);
    public double Specificity => TrueNegatives + FalsePositives == 0 ? double.NaN : (double)TrueNegatives / (TrueNegatives + FalsePositives);

    /// <summary>Counts of a call made elsewhere (e.g. the shipped verdict).</summary>
    public static OperatingPoint FromCalls(ReadOnlySpan<bool> called, ReadOnlySpan<bool> positive, double threshold)
    {
        int tp = 0, fn = 0, tn = 0, fp = 0;
        for (int i = 0; i < called.Length; i++)
        {
            if (positive[i]) { if (called[i]) tp++; else fn++; }
            else { if (called[i]) fp++; else tn++; }
        }
        return new OperatingPoint(threshold, tp, fn, tn, fp);
    }

    /// <summary>"Positive when score ≥ threshold".</summary>
    public static OperatingPoint AtThreshold(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, double threshold)
    {
        var called = new bool[scores.Length];
        for (int i = 0; i < scores.Length; i++) called[i] = scores[i] >= threshold;
        return FromCalls(called, positive, threshold);
    }

    /// <summary>
    /// The highest threshold t with sensitivity(score ≥ t) ≥ <paramref name="minSensitivity"/>: the k-th highest
    /// positive score, k = ceil(minSensitivity x positives). Null without positives.
    /// </summary>
    public static OperatingPoint? ForSensitivity(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, double minSensitivity)
    {
        var pos = new List<double>();
        for (int i = 0; i < scores.Length; i++) if (positive[i]) pos.Add(scores[i]);
        if (pos.Count == 0) return null;
        pos.Sort();
        pos.Reverse();
        int k = Math.Clamp((int)Math.Ceiling(minSensitivity * pos.Count - 1e-9), 1, pos.Count);
        return AtThreshold(scores, positive, pos[k - 1]);
    }
}
