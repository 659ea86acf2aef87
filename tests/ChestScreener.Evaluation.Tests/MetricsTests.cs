using ChestScreener.Evaluation.Metrics;

namespace ChestScreener.Evaluation.Tests;

public class MetricsTests
{
    [Fact]
    public void Auc_matches_the_hand_computed_pair_count()
    {
        // Positives 0.35, 0.8 vs negatives 0.1, 0.4: pairs won 1 + 0 + 1 + 1 = 3 of 4.
        Assert.Equal(0.75, Roc.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 12);
    }

    [Fact]
    public void Auc_counts_ties_as_one_half()
    {
        Assert.Equal(0.5, Roc.Auc([0.5, 0.5], [false, true]), 12);
        // Positive 0.5 vs negatives 0.2 (win) and 0.5 (tie): (1 + 0.5) / 2.
        Assert.Equal(0.75, Roc.Auc([0.2, 0.5, 0.5], [false, false, true]), 12);
        Assert.Equal(1.0, Roc.Auc([0.1, 0.2, 0.9], [false, false, true]), 12);
        Assert.Equal(0.0, Roc.Auc([0.1, 0.2, 0.9], [true, true, false]), 12);
        Assert.True(double.IsNaN(Roc.Auc([0.1, 0.2], [true, true])));
    }

    [Fact]
    public void Roc_curve_runs_from_origin_to_one_and_its_trapezoid_area_is_the_auc()
    {
        double[] s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.05];
        bool[] l = [false, false, true, true, true, false, true];
        var pts = Roc.Curve(s, l);
        Assert.Equal((0.0, 0.0), (pts[0].FalsePositiveRate, pts[0].TruePositiveRate));
        Assert.Equal((1.0, 1.0), (pts[^1].FalsePositiveRate, pts[^1].TruePositiveRate));
        double area = 0;
        for (int i = 1; i < pts.Count; i++)
            area += (pts[i].FalsePositiveRate - pts[i - 1].FalsePositiveRate) * (pts[i].TruePositiveRate + pts[i - 1].TruePositiveRate) / 2;
        Assert.Equal(Roc.Auc(s, l), area, 12);
    }

    [Fact]
    public void Bootstrap_of_a_perfect_split_is_one_one()
    {
        var ci = Bootstrap.AucInterval([0.1, 0.2, 0.3, 0.7, 0.8], [false, false, false, true, true], 500, 3);
        Assert.Equal((1.0, 1.0, 1.0), (ci.Estimate, ci.Lower, ci.Upper));
    }

    [Fact]
    public void Bootstrap_resamples_within_each_class_with_the_hand_computed_frequencies()
    {
        // One positive 0.5; negatives {0.2, 0.6} drawn twice with replacement: (0.2,0.2) -> AUROC 1 with p 1/4,
        // one of each -> 0.5 with p 1/2, (0.6,0.6) -> 0 with p 1/4. So the 95% interval is [0, 1].
        var dist = Bootstrap.AucDistribution([0.2, 0.6, 0.5], [false, false, true], 8000, 11);
        // Binomial SD of a frequency over 8000 draws is about 0.005: ±0.02 is four SDs.
        Assert.InRange(dist.Count(a => a == 1.0) / 8000.0, 0.23, 0.27);
        Assert.InRange(dist.Count(a => a == 0.5) / 8000.0, 0.48, 0.52);
        Assert.InRange(dist.Count(a => a == 0.0) / 8000.0, 0.23, 0.27);
        Assert.Equal(8000, dist.Count(a => a is 0.0 or 0.5 or 1.0));
        var ci = Bootstrap.AucInterval([0.2, 0.6, 0.5], [false, false, true], 8000, 11);
        Assert.Equal((0.5, 0.0, 1.0), (ci.Estimate, ci.Lower, ci.Upper));
    }

    [Fact]
    public void Bootstrap_is_deterministic_for_a_seed()
    {
        double[] s = [0.1, 0.4, 0.35, 0.8, 0.2, 0.6, 0.55];
        bool[] l = [false, false, true, true, false, true, false];
        Assert.Equal(Bootstrap.AucDistribution(s, l, 300, 5), Bootstrap.AucDistribution(s, l, 300, 5));
        Assert.NotEqual(Bootstrap.AucDistribution(s, l, 300, 5), Bootstrap.AucDistribution(s, l, 300, 6));
    }

    [Fact]
    public void Percentiles_use_nearest_ranks()
    {
        var sample = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToArray();
        // 90%: lower = sorted[floor(0.05 * 100)] = 6, upper = sorted[ceil(0.95 * 100) - 1] = 95.
        Assert.Equal((6.0, 95.0), Bootstrap.Percentiles(sample, 0.90));
    }

    [Fact]
    public void Threshold_for_target_sensitivity_is_the_kth_highest_positive()
    {
        double[] s = [0.9, 0.8, 0.3, 0.7, 0.1, 0.5, 0.85];
        bool[] l = [true, true, true, true, false, false, false];
        var op = OperatingPoint.ForSensitivity(s, l, 0.75)!;
        // k = ceil(0.75 x 4) = 3 -> third highest positive 0.7; calls 0.9, 0.8, 0.7 and the negative 0.85.
        Assert.Equal(0.7, op.Threshold);
        Assert.Equal((3, 1, 2, 1), (op.TruePositives, op.FalseNegatives, op.TrueNegatives, op.FalsePositives));
        Assert.Equal(0.75, op.Sensitivity, 12);
        Assert.Equal(2.0 / 3, op.Specificity, 12);
        var all = OperatingPoint.ForSensitivity(s, l, 1.0)!;
        Assert.Equal(0.3, all.Threshold);
        Assert.Equal(1.0, all.Sensitivity);
    }

    [Fact]
    public void Histogram_auc_equals_exact_auc_when_scores_fall_in_distinct_bins_and_ties_count_half()
    {
        float[] s = [0.1f, 0.4f, 0.35f, 0.8f];
        bool[] l = [false, false, true, true];
        var h = new ScoreHistogram();
        for (int i = 0; i < s.Length; i++) h.Add(s[i], l[i]);
        Assert.Equal(0.75, h.Auc(), 12);
        var tie = new ScoreHistogram();
        tie.Add(0.5f, true);
        tie.Add(0.5f, false);
        tie.Add(0.0f, false);
        Assert.Equal(0.75, tie.Auc(), 12);
        var sum = new ScoreHistogram();
        sum.Add(h);
        sum.Add(tie);
        Assert.Equal(3, sum.PositiveCount);
        Assert.Equal(4, sum.NegativeCount);
    }
}
