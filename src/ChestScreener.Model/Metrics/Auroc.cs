using System.Numerics;

namespace ChestScreener.Model.Metrics;

/// <summary>
/// The one AUROC of the code base, for voxel scores (Training's fit and eval) and study scores (Evaluation's
/// <c>Roc.Auc</c> and bootstrap): the Mann-Whitney statistic P(positive &gt; negative) + 0.5 P(equal), from the rank sum
/// of the positives with tied scores given their average rank; O(n log n). NaN when either class is empty.
/// It lives in Model because both Training and Evaluation reach Model without a new project reference.
/// </summary>
public static class Auroc
{
    /// <summary>AUROC of positives against negatives given as two samples.</summary>
    public static double FromGroups<T>(ReadOnlySpan<T> positives, ReadOnlySpan<T> negatives) where T : INumber<T>
    {
        var keys = new T[positives.Length + negatives.Length];
        positives.CopyTo(keys);
        negatives.CopyTo(keys.AsSpan(positives.Length));
        var positive = new bool[keys.Length];
        positive.AsSpan(0, positives.Length).Fill(true);
        return RankStatistic(keys, positive, positives.Length, negatives.Length);
    }

    /// <summary>AUROC of scores with a positive/negative label each.</summary>
    public static double FromLabels<T>(ReadOnlySpan<T> scores, ReadOnlySpan<bool> positive) where T : INumber<T>
    {
        if (scores.Length != positive.Length) throw new ArgumentException("scores and labels differ in length");
        long pos = 0;
        foreach (bool p in positive) if (p) pos++;
        return RankStatistic(scores.ToArray(), positive.ToArray(), pos, scores.Length - pos);
    }

    // Sorts keys (and the labels with them) in place.
    private static double RankStatistic<T>(T[] keys, bool[] positive, long pos, long neg) where T : INumber<T>
    {
        if (pos == 0 || neg == 0) return double.NaN;
        Array.Sort(keys, positive);
        double rankSumPos = 0;
        int start = 0, n = keys.Length;
        while (start < n)
        {
            int end = start;
            while (end + 1 < n && keys[end + 1] == keys[start]) end++;
            double avgRank = (start + end) / 2.0 + 1; // 1-based ranks, averaged over the tie group
            for (int k = start; k <= end; k++)
                if (positive[k]) rankSumPos += avgRank;
            start = end + 1;
        }
        // long products: pos * (pos + 1) passes int range from 46,341 positives (a large lesion's voxels).
        return (rankSumPos - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }
}
