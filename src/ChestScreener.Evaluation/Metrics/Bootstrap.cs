namespace ChestScreener.Evaluation.Metrics;

/// <summary>
/// Percentile bootstrap of the AUROC, stratified by class (each resample keeps the numbers of positives and negatives,
/// so every resample has an AUROC). Deterministic for a seed.
/// </summary>
public static class Bootstrap
{
    public static ConfidenceInterval AucInterval(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, int resamples = 2000, int seed = 1, double level = 0.95)
    {
        double estimate = Roc.Auc(scores, positive);
        var dist = AucDistribution(scores, positive, resamples, seed);
        if (dist.Length == 0) return new ConfidenceInterval(estimate, double.NaN, double.NaN, level, 0);
        var (lo, hi) = Percentiles(dist, level);
        return new ConfidenceInterval(estimate, lo, hi, level, resamples);
    }

    /// <summary>The AUROC of every stratified resample (empty when a class is empty).</summary>
    public static double[] AucDistribution(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive, int resamples, int seed)
    {
        var pos = new List<double>();
        var neg = new List<double>();
        for (int i = 0; i < scores.Length; i++) (positive[i] ? pos : neg).Add(scores[i]);
        if (pos.Count == 0 || neg.Count == 0) return [];
        var rng = new Random(seed);
        var s = new double[pos.Count + neg.Count];
        var l = new bool[s.Length];
        for (int i = 0; i < pos.Count; i++) l[i] = true;
        var result = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            for (int i = 0; i < pos.Count; i++) s[i] = pos[rng.Next(pos.Count)];
            for (int i = 0; i < neg.Count; i++) s[pos.Count + i] = neg[rng.Next(neg.Count)];
            result[r] = Roc.Auc(s, l);
        }
        return result;
    }

    /// <summary>Lower and upper percentile (nearest rank) of a sample for a two-sided level.</summary>
    public static (double Lower, double Upper) Percentiles(double[] sample, double level)
    {
        var sorted = (double[])sample.Clone();
        Array.Sort(sorted);
        double alpha = (1 - level) / 2;
        int n = sorted.Length;
        int lo = Math.Clamp((int)Math.Floor(alpha * n + 1e-9), 0, n - 1);
        int hi = Math.Clamp((int)Math.Ceiling((1 - alpha) * n - 1e-9) - 1, 0, n - 1);
        return (sorted[lo], sorted[hi]);
    }
}
