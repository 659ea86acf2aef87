using ChestScreener.Model.Density;

namespace ChestScreener.Training.DensityFit;

/// <summary>
/// Fits a full-covariance Gaussian mixture by EM (k-means++ initialisation, covariance regularised by reg*I), and
/// chooses K and the start by mean held-out log-likelihood.
/// </summary>
public static class GmmFitter
{
    /// <summary>
    /// Tries each K, each from <paramref name="restarts"/> k-means++ starts, on a train/held-out split; the (K, start)
    /// with the best mean held-out log-likelihood is refitted on all rows. Returns it and the held-out score of every
    /// candidate. The choice uses normal voxels only.
    /// </summary>
    public static (GaussianMixture Best, Dictionary<string, double> HeldOut) SelectAndFit(float[] rows, int dim, int[] candidates, int iterations, double reg, int seed, TextWriter? log = null, int restarts = 1)
    {
        int n = rows.Length / dim;
        var rng = new Random(seed);
        var order = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        int nTrain = n * 4 / 5;
        var train = Gather(rows, dim, order.AsSpan(0, nTrain));
        var held = Gather(rows, dim, order.AsSpan(nTrain));
        var scores = new Dictionary<string, double>();
        int bestK = candidates[0], bestStart = seed;
        double bestLl = double.NegativeInfinity;
        foreach (int k in candidates)
        {
            for (int r = 0; r < Math.Max(1, restarts); r++)
            {
                int start = seed + 1000 * r;
                var g = Fit(train, dim, k, iterations, reg, start);
                double ll = MeanLogLikelihood(g, held, dim);
                scores[restarts > 1 ? $"k{k}_full_start{r}" : $"k{k}_full"] = ll;
                log?.WriteLine($"  GMM K={k}{(restarts > 1 ? $" start {r}" : "")}: held-out mean log-likelihood {ll:F3}");
                if (ll > bestLl) { bestLl = ll; bestK = k; bestStart = start; }
            }
        }
        return (Fit(rows, dim, bestK, iterations, reg, bestStart), scores);
    }

    public static double MeanLogLikelihood(GaussianMixture g, float[] rows, int dim)
    {
        var ev = g.CreateEvaluator();
        int n = rows.Length / dim;
        double total = 0;
        object gate = new();
        Parallel.For(0, n, () => (0.0, new float[ev.Stride]), (i, _, acc) =>
        {
            rows.AsSpan(i * dim, dim).CopyTo(acc.Item2);
            acc.Item1 -= ev.Nll(acc.Item2);
            return acc;
        }, acc => { lock (gate) total += acc.Item1; });
        return total / n;
    }

    public static GaussianMixture Fit(float[] rows, int dim, int k, int iterations, double reg, int seed)
    {
        int n = rows.Length / dim;
        var rng = new Random(seed);
        var means = KMeansPlusPlus(rows, dim, k, rng);
        var weights = Enumerable.Repeat(1.0 / k, k).ToArray();
        var covs = new double[k][];
        var global = Covariance(rows, dim, null, 0, new double[dim], reg);
        for (int c = 0; c < k; c++) covs[c] = (double[])global.Clone();
        var resp = new double[n * k];
        GaussianMixture g = Build(weights, means, covs, dim);
        double prev = double.NegativeInfinity;
        for (int it = 0; it < iterations; it++)
        {
            // E-step: responsibilities from the current mixture.
            var lp = new double[k];
            double ll = 0;
            object gate = new();
            var comps = Enumerable.Range(0, k).Select(c => Single(g, c)).ToArray();
            Parallel.For(0, n, () => (0.0, new double[k], new float[comps[0].Stride]), (i, _, acc) =>
            {
                rows.AsSpan(i * dim, dim).CopyTo(acc.Item3);
                double max = double.NegativeInfinity;
                for (int c = 0; c < k; c++)
                {
                    acc.Item2[c] = -comps[c].Nll(acc.Item3);
                    if (acc.Item2[c] > max) max = acc.Item2[c];
                }
                double s = 0;
                for (int c = 0; c < k; c++) s += Math.Exp(acc.Item2[c] - max);
                double lse = max + Math.Log(s);
                for (int c = 0; c < k; c++) resp[i * k + c] = Math.Exp(acc.Item2[c] - lse);
                acc.Item1 += lse;
                return acc;
            }, acc => { lock (gate) ll += acc.Item1; });
            ll /= n;
            // M-step.
            for (int c = 0; c < k; c++)
            {
                double nk = 1e-10;
                var mu = new double[dim];
                for (int i = 0; i < n; i++)
                {
                    double r = resp[i * k + c];
                    nk += r;
                    for (int d = 0; d < dim; d++) mu[d] += r * rows[i * dim + d];
                }
                for (int d = 0; d < dim; d++) mu[d] /= nk;
                weights[c] = nk / n;
                means[c] = mu;
                covs[c] = Covariance(rows, dim, resp, c, mu, reg, k);
            }
            g = Build(weights, means, covs, dim);
            if (it > 3 && Math.Abs(ll - prev) < 1e-4 * Math.Max(1, Math.Abs(ll))) break;
            prev = ll;
        }
        return g;
    }

    /// <summary>Evaluator of one component alone (its log weight included), for the E-step.</summary>
    private static GaussianMixture.Evaluator Single(GaussianMixture g, int c) => new GaussianMixture
    {
        Dim = g.Dim,
        Weights = [g.Weights[c]],
        Means = [g.Means[c]],
        InverseCholesky = [g.InverseCholesky[c]],
    }.CreateEvaluator();

    private static GaussianMixture Build(double[] weights, double[][] means, double[][] covs, int dim)
    {
        var inv = new double[covs.Length][];
        for (int c = 0; c < covs.Length; c++) inv[c] = InverseCholesky(covs[c], dim);
        return new GaussianMixture { Dim = dim, Weights = (double[])weights.Clone(), Means = means.Select(m => (double[])m.Clone()).ToArray(), InverseCholesky = inv };
    }

    /// <summary>Weighted covariance (weights = resp[:, c], or uniform when resp is null) plus reg on the diagonal.</summary>
    private static double[] Covariance(float[] rows, int dim, double[]? resp, int c, double[] mu, double reg, int k = 1)
    {
        int n = rows.Length / dim;
        var cov = new double[dim * dim];
        double wsum = 0;
        object gate = new();
        Parallel.For(0, n, () => (new double[dim * dim], 0.0, new double[dim]), (i, _, acc) =>
        {
            double w = resp == null ? 1 : resp[i * k + c];
            if (w < 1e-8) return acc;
            var d = acc.Item3;
            for (int a = 0; a < dim; a++) d[a] = rows[i * dim + a] - mu[a];
            for (int a = 0; a < dim; a++)
            {
                double wa = w * d[a];
                for (int b = 0; b <= a; b++) acc.Item1[a * dim + b] += wa * d[b];
            }
            acc.Item2 += w;
            return acc;
        }, acc => { lock (gate) { for (int i = 0; i < cov.Length; i++) cov[i] += acc.Item1[i]; wsum += acc.Item2; } });
        if (resp == null && mu.All(v => v == 0))
        {
            // Global covariance for initialisation: recentre on the data mean.
            var mean = new double[dim];
            for (int i = 0; i < n; i++) for (int a = 0; a < dim; a++) mean[a] += rows[i * dim + a];
            for (int a = 0; a < dim; a++) mean[a] /= n;
            for (int a = 0; a < dim; a++) for (int b = 0; b <= a; b++) cov[a * dim + b] -= wsum * mean[a] * mean[b];
        }
        for (int a = 0; a < dim; a++)
        {
            for (int b = 0; b <= a; b++)
            {
                cov[a * dim + b] /= Math.Max(1e-10, wsum);
                cov[b * dim + a] = cov[a * dim + b];
            }
            cov[a * dim + a] += reg;
        }
        return cov;
    }

    /// <summary>A = C^-1 where cov = C C^T (lower-triangular Cholesky), row-major.</summary>
    public static double[] InverseCholesky(double[] cov, int dim)
    {
        var l = new double[dim * dim];
        for (int i = 0; i < dim; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = cov[i * dim + j];
                for (int p = 0; p < j; p++) s -= l[i * dim + p] * l[j * dim + p];
                if (i == j) l[i * dim + i] = Math.Sqrt(Math.Max(s, 1e-12));
                else l[i * dim + j] = s / l[j * dim + j];
            }
        }
        var a = new double[dim * dim];
        for (int col = 0; col < dim; col++)
        {
            // Forward substitution of L a = e_col.
            for (int i = col; i < dim; i++)
            {
                double s = i == col ? 1 : 0;
                for (int p = col; p < i; p++) s -= l[i * dim + p] * a[p * dim + col];
                a[i * dim + col] = s / l[i * dim + i];
            }
        }
        return a;
    }

    private static double[][] KMeansPlusPlus(float[] rows, int dim, int k, Random rng)
    {
        int n = rows.Length / dim;
        int sample = Math.Min(n, 5000);
        var idx = Enumerable.Range(0, sample).Select(_ => rng.Next(n)).ToArray();
        var centres = new List<double[]> { Row(rows, dim, idx[rng.Next(sample)]) };
        var dist = new double[sample];
        while (centres.Count < k)
        {
            double total = 0;
            for (int s = 0; s < sample; s++)
            {
                double best = double.MaxValue;
                foreach (var c in centres)
                {
                    double d = 0;
                    for (int a = 0; a < dim; a++) { double t = rows[idx[s] * dim + a] - c[a]; d += t * t; }
                    best = Math.Min(best, d);
                }
                dist[s] = best;
                total += best;
            }
            double r = rng.NextDouble() * total;
            int pick = 0;
            for (double acc = 0; pick < sample - 1; pick++) { acc += dist[pick]; if (acc >= r) break; }
            centres.Add(Row(rows, dim, idx[pick]));
        }
        return centres.ToArray();
    }

    private static double[] Row(float[] rows, int dim, int i)
    {
        var r = new double[dim];
        for (int a = 0; a < dim; a++) r[a] = rows[i * dim + a];
        return r;
    }

    private static float[] Gather(float[] rows, int dim, ReadOnlySpan<int> which)
    {
        var r = new float[which.Length * dim];
        for (int i = 0; i < which.Length; i++) Array.Copy(rows, which[i] * dim, r, i * dim, dim);
        return r;
    }
}
