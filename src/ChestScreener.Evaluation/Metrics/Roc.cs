namespace ChestScreener.Evaluation.Metrics;

/// <summary>Study-level ROC analysis: AUROC as the Mann-Whitney statistic (ties count one half) and the ROC curve.</summary>
public static class Roc
{
    /// <summary>
    /// P(score of a random positive &gt; score of a random negative) + 0.5 P(equal), via average ranks: O(n log n).
    /// NaN when either class is empty. The statistic itself is Model's <see cref="ChestScreener.Model.Metrics.Auroc"/>.
    /// </summary>
    public static double Auc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive) => ChestScreener.Model.Metrics.Auroc.FromLabels(scores, positive);

    /// <summary>ROC points (false-positive rate, true-positive rate) for "positive when score ≥ t", t running down every distinct score; starts at (0,0), ends at (1,1).</summary>
    public static List<RocPoint> Curve(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        int n = scores.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = new double[n];
        for (int i = 0; i < n; i++) keys[i] = -scores[i];
        Array.Sort(keys, order);
        int pos = 0;
        foreach (var p in positive) if (p) pos++;
        int neg = n - pos;
        var points = new List<RocPoint> { new(0, 0, double.PositiveInfinity) };
        int tp = 0, fp = 0, i2 = 0;
        while (i2 < n)
        {
            double t = -keys[i2];
            while (i2 < n && -keys[i2] == t)
            {
                if (positive[order[i2]]) tp++; else fp++;
                i2++;
            }
            points.Add(new RocPoint(neg == 0 ? 0 : (double)fp / neg, pos == 0 ? 0 : (double)tp / pos, t));
        }
        return points;
    }
}
