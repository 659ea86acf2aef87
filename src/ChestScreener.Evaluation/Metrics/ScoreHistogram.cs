namespace ChestScreener.Evaluation.Metrics;

/// <summary>
/// Voxel-level AUROC without sorting millions of voxels: scores in [0,1] binned finely for positives and negatives;
/// pairs in the same bin count one half (an error of at most one bin width in the score order). Histograms add up,
/// so a pooled AUROC over many studies is the sum of their histograms.
/// </summary>
public sealed class ScoreHistogram
{
    public ScoreHistogram(int bins = 4096)
    {
        Positive = new long[bins];
        Negative = new long[bins];
    }

    public long[] Positive { get; }
    public long[] Negative { get; }
    public long PositiveCount { get; private set; }
    public long NegativeCount { get; private set; }

    public void Add(float score, bool positive)
    {
        int b = Bin(score);
        if (positive) { Positive[b]++; PositiveCount++; }
        else { Negative[b]++; NegativeCount++; }
    }

    public void Add(ScoreHistogram other)
    {
        if (other.Positive.Length != Positive.Length) throw new ArgumentException("histograms differ in bins");
        for (int i = 0; i < Positive.Length; i++) { Positive[i] += other.Positive[i]; Negative[i] += other.Negative[i]; }
        PositiveCount += other.PositiveCount;
        NegativeCount += other.NegativeCount;
    }

    /// <summary>AUROC of positives against negatives; NaN when a class is empty.</summary>
    public double Auc()
    {
        if (PositiveCount == 0 || NegativeCount == 0) return double.NaN;
        double sum = 0;
        long negBelow = 0;
        for (int b = 0; b < Positive.Length; b++)
        {
            sum += Positive[b] * (negBelow + 0.5 * Negative[b]);
            negBelow += Negative[b];
        }
        return sum / ((double)PositiveCount * NegativeCount);
    }

    private int Bin(float score)
    {
        int n = Positive.Length;
        if (!(score > 0)) return 0; // NaN and negatives into the lowest bin
        return Math.Min(n - 1, (int)(score * n));
    }
}
