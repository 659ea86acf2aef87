using ChestScreener.Model.Metrics;

namespace ChestScreener.Model.Tests.Metrics;

/// <summary>The one AUROC (Mann-Whitney with average ranks for ties), in its two input shapes.</summary>
public sealed class AurocTests
{
    [Fact]
    public void Known_values_with_ties_and_empty_classes()
    {
        // Pairs (pos, neg): 0.35 beats 0.1 only; 0.8 beats both -> 3 of 4.
        Assert.Equal(0.75, Auroc.FromLabels<double>([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 12);
        Assert.Equal(0.75, Auroc.FromGroups<double>([0.35, 0.8], [0.1, 0.4]), 12);
        // A tie counts one half.
        Assert.Equal(0.5, Auroc.FromGroups<float>([0.5f], [0.5f]), 12);
        Assert.Equal(0.75, Auroc.FromGroups<float>([0.5f], [0.2f, 0.5f]), 12);
        Assert.Equal(0.0, Auroc.FromGroups<float>([0.1f, 0.2f], [0.9f]), 12);
        Assert.True(double.IsNaN(Auroc.FromGroups<float>([0.1f], [])));
        Assert.True(double.IsNaN(Auroc.FromLabels<double>([0.1, 0.2], [true, true])));
        Assert.Throws<ArgumentException>(() => Auroc.FromLabels<double>([0.1], [true, false]));
    }

    [Fact]
    public void Both_shapes_equal_the_pair_count_on_random_data()
    {
        var rng = new Random(3);
        // Scores on a coarse grid so that ties are common.
        var pos = Enumerable.Range(0, 300).Select(_ => (float)Math.Round(rng.NextDouble() + 0.3, 1)).ToArray();
        var neg = Enumerable.Range(0, 500).Select(_ => (float)Math.Round(rng.NextDouble(), 1)).ToArray();
        double pairs = 0;
        foreach (var p in pos) foreach (var n in neg) pairs += p > n ? 1 : p == n ? 0.5 : 0;
        double expected = pairs / (pos.Length * (double)neg.Length);
        Assert.Equal(expected, Auroc.FromGroups<float>(pos, neg), 12);
        var scores = pos.Concat(neg).Select(v => (double)v).ToArray();
        var labels = pos.Select(_ => true).Concat(neg.Select(_ => false)).ToArray();
        Assert.Equal(expected, Auroc.FromLabels<double>(scores, labels), 12);
    }

    [Fact]
    public void Many_positives_do_not_overflow()
    {
        // 60,000 positives: pos * (pos + 1) is past int range; every positive above every negative gives exactly 1.
        var pos = Enumerable.Repeat(1f, 60_000).ToArray();
        var neg = Enumerable.Repeat(0f, 10).ToArray();
        Assert.Equal(1.0, Auroc.FromGroups<float>(pos, neg), 12);
        Assert.Equal(0.5, Auroc.FromGroups<float>(pos, Enumerable.Repeat(1f, 10).ToArray()), 12);
    }
}
