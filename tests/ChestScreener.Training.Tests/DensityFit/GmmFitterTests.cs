using ChestScreener.Training.DensityFit;

namespace ChestScreener.Training.Tests.DensityFit;

/// <summary>EM of a full-covariance Gaussian mixture on samples of a known mixture: weights, means and spreads come back, and K is chosen by held-out likelihood.</summary>
public sealed class GmmFitterTests
{
    // Two clusters in 2-D: 30 % at (-5, 0) with sd (1, 1), 70 % at (5, 2) with sd (0.5, 2).
    private static float[] Sample(int n, int seed)
    {
        var rng = new Random(seed);
        var rows = new float[2 * n];
        for (int i = 0; i < n; i++)
        {
            bool first = rng.NextDouble() < 0.3;
            rows[2 * i] = (float)(first ? -5 + Gauss(rng) : 5 + 0.5 * Gauss(rng));
            rows[2 * i + 1] = (float)(first ? Gauss(rng) : 2 + 2 * Gauss(rng));
        }
        return rows;
    }

    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void Inverse_cholesky_whitens_the_covariance()
    {
        double[] cov = [4, 1.2, 0.4, 1.2, 2, -0.3, 0.4, -0.3, 1];
        var a = GmmFitter.InverseCholesky(cov, 3);
        // A cov A^T = I, and A is lower-triangular.
        for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
        {
            double s = 0;
            for (int p = 0; p < 3; p++)
            for (int q = 0; q < 3; q++) s += a[i * 3 + p] * cov[p * 3 + q] * a[j * 3 + q];
            Assert.Equal(i == j ? 1 : 0, s, 9);
            if (j > i) Assert.Equal(0, a[i * 3 + j]);
        }
    }

    [Fact]
    public void Two_components_recover_the_weights_means_and_spreads()
    {
        var g = GmmFitter.Fit(Sample(6000, 1), 2, k: 2, iterations: 60, reg: 1e-6, seed: 5);
        int small = g.Means[0][0] < 0 ? 0 : 1, large = 1 - small;
        Assert.Equal(0.3, g.Weights[small], 1.5e-2);
        Assert.Equal(0.7, g.Weights[large], 1.5e-2);
        Assert.Equal(-5, g.Means[small][0], 0.1);
        Assert.Equal(0, g.Means[small][1], 0.1);
        Assert.Equal(5, g.Means[large][0], 0.05);
        Assert.Equal(2, g.Means[large][1], 0.1);
        // The inverse Cholesky factor's diagonal is 1/sd for an axis-aligned cluster.
        var inv = g.InverseCholesky[large];
        Assert.Equal(1 / 0.5, inv[0], 0.1);
        Assert.Equal(1 / 2.0, inv[3], 0.03);
    }

    [Fact]
    public void Held_out_likelihood_prefers_the_true_number_of_components_to_one()
    {
        var (best, heldOut) = GmmFitter.SelectAndFit(Sample(4000, 2), 2, [1, 2], iterations: 40, reg: 1e-6, seed: 5);
        Assert.Equal(new[] { "k1_full", "k2_full" }, heldOut.Keys.Order());
        Assert.True(heldOut["k2_full"] > heldOut["k1_full"] + 0.3, $"K=1 {heldOut["k1_full"]:F3}, K=2 {heldOut["k2_full"]:F3}");
        Assert.Equal(2, best.Components);
        // The refit on all rows scores fresh samples of the same mixture as well as the held-out rows scored.
        Assert.Equal(heldOut["k2_full"], GmmFitter.MeanLogLikelihood(best, Sample(4000, 3), 2), 0.1);
    }

    [Fact]
    public void Restarts_are_each_scored_and_the_seed_repeats_the_fit()
    {
        var rows = Sample(2000, 4);
        var (_, heldOut) = GmmFitter.SelectAndFit(rows, 2, [2], iterations: 20, reg: 1e-6, seed: 5, restarts: 3);
        Assert.Equal(new[] { "k2_full_start0", "k2_full_start1", "k2_full_start2" }, heldOut.Keys.Order());
        var a = GmmFitter.Fit(rows, 2, 2, 20, 1e-6, 9);
        var b = GmmFitter.Fit(rows, 2, 2, 20, 1e-6, 9);
        for (int c = 0; c < 2; c++)
        {
            Assert.Equal(a.Weights[c], b.Weights[c], 6);
            Assert.Equal(a.Means[c][0], b.Means[c][0], 6);
        }
    }
}
