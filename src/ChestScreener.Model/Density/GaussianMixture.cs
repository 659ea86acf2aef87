using System.Numerics;

namespace ChestScreener.Model.Density;

/// <summary>
/// A full-covariance Gaussian mixture over standardised feature vectors. Stored per component: weight, mean and
/// the inverse Cholesky factor A (cov = C C^T, A = C^-1, lower triangular), so that
/// log N(x) = sum(log diag A) - D/2 log(2 pi) - |A (x - mean)|^2 / 2.
/// </summary>
public sealed record GaussianMixture
{
    public required int Dim { get; init; }
    public required double[] Weights { get; init; }
    /// <summary>K rows of Dim means.</summary>
    public required double[][] Means { get; init; }
    /// <summary>K row-major Dim x Dim lower-triangular inverse Cholesky factors.</summary>
    public required double[][] InverseCholesky { get; init; }

    public int Components => Weights.Length;

    /// <summary>Precomputed single-precision evaluator: rows padded to the SIMD width, A*mean folded in.</summary>
    public Evaluator CreateEvaluator() => new(this);

    /// <summary>Fast, thread-safe negative log-likelihood of feature vectors.</summary>
    public sealed class Evaluator
    {
        private readonly int _dim, _k, _stride;
        private readonly float[] _a;      // K x Dim rows x stride
        private readonly float[] _am;     // K x Dim: A * mean
        private readonly double[] _logConst;

        internal Evaluator(GaussianMixture g)
        {
            _dim = g.Dim; _k = g.Components;
            int vw = Vector<float>.Count;
            _stride = (g.Dim + vw - 1) / vw * vw;
            _a = new float[_k * _dim * _stride];
            _am = new float[_k * _dim];
            _logConst = new double[_k];
            for (int k = 0; k < _k; k++)
            {
                double logDet = 0;
                for (int i = 0; i < _dim; i++)
                {
                    double am = 0;
                    for (int j = 0; j <= i; j++)
                    {
                        double a = g.InverseCholesky[k][i * _dim + j];
                        _a[(k * _dim + i) * _stride + j] = (float)a;
                        am += a * g.Means[k][j];
                    }
                    _am[k * _dim + i] = (float)am;
                    logDet += Math.Log(g.InverseCholesky[k][i * _dim + i]);
                }
                _logConst[k] = Math.Log(Math.Max(1e-300, g.Weights[k])) + logDet - 0.5 * _dim * Math.Log(2 * Math.PI);
            }
        }

        public int Dim => _dim;
        /// <summary>Length a feature buffer must have (Dim rounded up to the SIMD width; tail zeros).</summary>
        public int Stride => _stride;

        /// <summary>-log q(x) for one feature vector of length <see cref="Stride"/> (entries past Dim must be 0).</summary>
        public double Nll(ReadOnlySpan<float> x)
        {
            Span<double> lp = stackalloc double[_k];
            double max = double.NegativeInfinity;
            int vw = Vector<float>.Count;
            for (int k = 0; k < _k; k++)
            {
                double m = 0;
                for (int i = 0; i < _dim; i++)
                {
                    var row = new ReadOnlySpan<float>(_a, (k * _dim + i) * _stride, _stride);
                    var acc = Vector<float>.Zero;
                    int len = Math.Min(_stride, (i / vw + 1) * vw);
                    for (int j = 0; j < len; j += vw) acc += new Vector<float>(row[j..]) * new Vector<float>(x[j..]);
                    float y = Vector.Sum(acc) - _am[k * _dim + i];
                    m += y * y;
                }
                lp[k] = _logConst[k] - 0.5 * m;
                if (lp[k] > max) max = lp[k];
            }
            double s = 0;
            for (int k = 0; k < _k; k++) s += Math.Exp(lp[k] - max);
            return -(max + Math.Log(s));
        }
    }
}
