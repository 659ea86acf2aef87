namespace ChestScreener.Training.Evaluation;

/// <summary>Area under the ROC curve by the Mann-Whitney rank statistic (ties get their average rank).</summary>
public static class Auroc
{
    public static double Compute(ReadOnlySpan<float> positives, ReadOnlySpan<float> negatives)
    {
        int np = positives.Length, nn = negatives.Length;
        if (np == 0 || nn == 0) return double.NaN;
        var all = new (float Score, bool Positive)[np + nn];
        for (int i = 0; i < np; i++) all[i] = (positives[i], true);
        for (int i = 0; i < nn; i++) all[np + i] = (negatives[i], false);
        Array.Sort(all, (a, b) => a.Score.CompareTo(b.Score));
        double rankSum = 0;
        int k = 0;
        while (k < all.Length)
        {
            int j = k;
            while (j + 1 < all.Length && all[j + 1].Score == all[k].Score) j++;
            double rank = (k + j) / 2.0 + 1;
            for (int t = k; t <= j; t++) if (all[t].Positive) rankSum += rank;
            k = j + 1;
        }
        return (rankSum - np * (np + 1) / 2.0) / ((double)np * nn);
    }
}
