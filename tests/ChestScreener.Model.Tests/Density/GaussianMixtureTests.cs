using ChestScreener.Model.Density;

namespace ChestScreener.Model.Tests.Density;

public class GaussianMixtureTests
{
    [Fact]
    public void EvaluatorMatchesDirectLogDensity()
    {
        const int dim = 11;
        var rng = new Random(3);
        var comps = 3;
        var means = new double[comps][];
        var inv = new double[comps][];
        for (int k = 0; k < comps; k++)
        {
            means[k] = Enumerable.Range(0, dim).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            inv[k] = new double[dim * dim];
            for (int i = 0; i < dim; i++)
            {
                for (int j = 0; j < i; j++) inv[k][i * dim + j] = rng.NextDouble() * 0.4 - 0.2;
                inv[k][i * dim + i] = 0.5 + rng.NextDouble();
            }
        }
        var g = new GaussianMixture { Dim = dim, Weights = [0.2, 0.5, 0.3], Means = means, InverseCholesky = inv };
        var ev = g.CreateEvaluator();
        for (int trial = 0; trial < 20; trial++)
        {
            var x = new float[ev.Stride];
            for (int i = 0; i < dim; i++) x[i] = (float)(rng.NextDouble() * 4 - 2);
            double p = 0;
            for (int k = 0; k < comps; k++)
            {
                double m = 0, logDet = 0;
                for (int i = 0; i < dim; i++)
                {
                    double y = 0;
                    for (int j = 0; j <= i; j++) y += inv[k][i * dim + j] * (x[j] - means[k][j]);
                    m += y * y;
                    logDet += Math.Log(inv[k][i * dim + i]);
                }
                p += g.Weights[k] * Math.Exp(logDet - 0.5 * dim * Math.Log(2 * Math.PI) - 0.5 * m);
            }
            Assert.Equal(-Math.Log(p), ev.Nll(x), 3);
        }
    }
}
