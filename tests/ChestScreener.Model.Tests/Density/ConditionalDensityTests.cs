using ChestScreener.Model.Density;

namespace ChestScreener.Model.Tests.Density;

public class ConditionalDensityTests
{
    // One 2-D Gaussian with covariance [[sa^2, r sa sb], [r sa sb, sb^2]]: its marginal and conditional are known in closed form.
    private const double Sa = 1.5, Sb = 0.8, R = 0.6, Ma = 0.3, Mb = -0.7;

    private static GaussianMixture TwoD()
    {
        // C = chol(cov) = [[sa, 0], [r sb, sb sqrt(1-r^2)]]; A = C^-1.
        double c11 = Sa, c21 = R * Sb, c22 = Sb * Math.Sqrt(1 - R * R);
        double a11 = 1 / c11, a22 = 1 / c22, a21 = -c21 / (c11 * c22);
        return new GaussianMixture { Dim = 2, Weights = [1.0], Means = [[Ma, Mb]], InverseCholesky = [[a11, 0, a21, a22]] };
    }

    private static double NormalNll(double x, double mean, double sd) => 0.5 * Math.Log(2 * Math.PI) + Math.Log(sd) + 0.5 * Math.Pow((x - mean) / sd, 2);

    [Fact]
    public void MarginalOfLeadingFeatureIsTheClosedFormMarginal()
    {
        var marginal = TwoD().Marginal(1).CreateEvaluator();
        foreach (double a in new[] { -2.0, 0.3, 1.7 })
        {
            var x = new float[marginal.Stride];
            x[0] = (float)a;
            Assert.Equal(NormalNll(a, Ma, Sa), marginal.Nll(x), 4);
        }
    }

    [Fact]
    public void ConditionalScoreIsTheClosedFormConditional()
    {
        var model = new DensityModel
        {
            FeatureMean = [0], FeatureStd = [1], Context = new ContextSpec { RingsMm = [3, 9] }, ContextMean = [0], ContextStd = [1],
            Conditional = true, Mixture = TwoD(),
        };
        Assert.Equal(1, model.ContextDim);
        var ev = model.CreateEvaluator();
        foreach (var (a, b) in new[] { (-1.0, 0.5), (0.3, -0.7), (2.0, 1.0) })
        {
            var f = new float[ev.Stride];
            model.Feature([(float)b], [(float)a], ReadOnlySpan<float>.Empty, f);
            // b | a ~ N(mb + r sb/sa (a - ma), sb^2 (1 - r^2))
            double expected = NormalNll(b, Mb + R * Sb / Sa * (a - Ma), Sb * Math.Sqrt(1 - R * R));
            Assert.Equal(expected, ev.Nll(f), 3);
        }
        // The joint score differs by exactly the context's marginal NLL.
        var joint = (model with { Conditional = false }).CreateEvaluator();
        var g = new float[ev.Stride];
        model.Feature([0.9f], [1.1f], ReadOnlySpan<float>.Empty, g);
        Assert.Equal(joint.Nll(g) - NormalNll(1.1, Ma, Sa), ev.Nll(g), 3);
    }

    [Fact]
    public void EnsembleScoreIsTheMeanOfItsMembersAndSurvivesSaving()
    {
        var a = TwoD();
        var b = new GaussianMixture { Dim = 2, Weights = [0.5, 0.5], Means = [[1.0, 0.0], [-1.0, 0.5]], InverseCholesky = [[1, 0, 0, 2], [0.5, 0, 0.2, 1]] };
        var model = new DensityModel
        {
            FeatureMean = [0], FeatureStd = [1], Context = new ContextSpec { RingsMm = [3, 9] }, ContextMean = [0], ContextStd = [1],
            Conditional = true, Mixture = a, Ensemble = [b],
        };
        var only = (DensityModel m) => m.CreateEvaluator();
        var ea = only(model with { Ensemble = null });
        var eb = only(model with { Mixture = b, Ensemble = null });
        var path = Path.Combine(Path.GetTempPath(), $"density-{Guid.NewGuid():N}.json");
        try
        {
            model.Save(path);
            var loaded = DensityModel.Load(path);
            Assert.Equal(2, loaded.Mixtures.Count());
            var e = loaded.CreateEvaluator();
            var f = new float[e.Stride];
            model.Feature([0.4f], [-0.3f], ReadOnlySpan<float>.Empty, f);
            double mean = (ea.Nll(f) + eb.Nll(f)) / 2;
            Assert.Equal(mean, e.Nll(f), 6);
            Assert.NotEqual(ea.Nll(f), eb.Nll(f), 3); // the members differ, so the mean is not either one
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void BoxSumsMatchBruteForce()
    {
        int sx = 7, sy = 5, sz = 6;
        var rng = new Random(1);
        var v = Enumerable.Range(0, sx * sy * sz).Select(_ => (float)rng.NextDouble()).ToArray();
        var sums = new BoxSums(v, sx, sy, sz);
        for (int trial = 0; trial < 50; trial++)
        {
            int x0 = rng.Next(-2, sx), y0 = rng.Next(-2, sy), z0 = rng.Next(-2, sz);
            int x1 = x0 + rng.Next(0, 5), y1 = y0 + rng.Next(0, 5), z1 = z0 + rng.Next(0, 5);
            double expected = 0;
            long n = 0;
            for (int z = Math.Max(0, z0); z <= Math.Min(sz - 1, z1); z++)
                for (int y = Math.Max(0, y0); y <= Math.Min(sy - 1, y1); y++)
                    for (int x = Math.Max(0, x0); x <= Math.Min(sx - 1, x1); x++) { expected += v[(z * sy + y) * sx + x]; n++; }
            Assert.Equal(expected, sums.Sum(x0, y0, z0, x1, y1, z1, out long count), 4);
            Assert.Equal(n, count);
        }
    }

    [Fact]
    public void RingMeanLeavesTheCentreOut()
    {
        // A bright 3x3x3 core in a dark 11^3 grid: the ring (half-widths 2..3) around the centre sees only the dark shell.
        int s = 11;
        var v = new float[s * s * s];
        for (int z = 4; z <= 6; z++) for (int y = 4; y <= 6; y++) for (int x = 4; x <= 6; x++) v[(z * s + y) * s + x] = 1;
        var ring = new float[v.Length];
        new BoxSums(v, s, s, s).RingMeans(2, 3, ring, 1);
        Assert.Equal(0f, ring[(5 * s + 5) * s + 5]);
        // Two voxels off-centre the inner cube (x 6..8) holds one core column (9 voxels), the ring the other 18
        // of the 27 bright ones, out of 7^3 - 3^3 = 316 ring voxels.
        Assert.Equal(18f / 316f, ring[(5 * s + 5) * s + 7], 5);
    }

    [Fact]
    public void MaskedSmoothingKeepsConstantsAndIgnoresOutside()
    {
        int s = 9;
        var map = Enumerable.Repeat(5f, s * s * s).ToArray();
        var mask = new byte[map.Length];
        for (int i = 0; i < map.Length; i++) mask[i] = (byte)(i % s < 5 ? 1 : 0);
        for (int i = 0; i < map.Length; i++) if (mask[i] == 0) map[i] = float.NaN;
        MaskedSmoothing.Apply(map, mask, s, s, s, 1.5, 2);
        for (int i = 0; i < map.Length; i++)
        {
            if (mask[i] != 0) Assert.Equal(5f, map[i], 4);
            else Assert.True(float.IsNaN(map[i]));
        }
        // A single spike spreads but keeps its total inside a fully masked grid (up to the border).
        var spike = new float[map.Length];
        spike[(4 * s + 4) * s + 4] = 1;
        var all = Enumerable.Repeat((byte)1, map.Length).ToArray();
        MaskedSmoothing.Apply(spike, all, s, s, s, 1.0, 1);
        Assert.True(spike[(4 * s + 4) * s + 4] < 0.1f);
        Assert.Equal(1.0, spike.Sum(), 2);
    }
}
