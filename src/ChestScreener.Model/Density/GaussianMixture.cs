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

    /// <summary>
    /// The mixture of the first <paramref name="dims"/> features. With A = C^-1 lower triangular, the marginal
    /// covariance of a leading block is C11 C11^T and (C11)^-1 is the leading block of A, so no refactorisation is needed.
    /// </summary>
    public GaussianMixture Marginal(int dims)
    {
        if (dims <= 0 || dims > Dim) throw new ArgumentOutOfRangeException(nameof(dims));
        var means = new double[Components][];
        var inv = new double[Components][];
        for (int k = 0; k < Components; k++)
        {
            means[k] = Means[k][..dims];
            inv[k] = new double[dims * dims];
            for (int i = 0; i < dims; i++)
                for (int j = 0; j <= i; j++) inv[k][i * dims + j] = InverseCholesky[k][i * Dim + j];
        }
        return new GaussianMixture { Dim = dims, Weights = (double[])Weights.Clone(), Means = means, InverseCholesky = inv };
    }

    /// <summary>A_k mean_k (row i = sum over j &lt;= i of A_ij mean_j): the whitened mean every evaluator folds in.</summary>
    public double[] WhitenedMean(int k)
    {
        var am = new double[Dim];
        for (int i = 0; i < Dim; i++)
        {
            double sum = 0;
            for (int j = 0; j <= i; j++) sum += InverseCholesky[k][i * Dim + j] * Means[k][j];
            am[i] = sum;
        }
        return am;
    }

    /// <summary>log w_k + log det A_k - D/2 log(2 pi): the part of component k's log density that does not depend on x.</summary>
    public double LogConstant(int k)
    {
        double logDet = 0;
        for (int i = 0; i < Dim; i++) logDet += Math.Log(InverseCholesky[k][i * Dim + i]);
        return Math.Log(Math.Max(1e-300, Weights[k])) + logDet - 0.5 * Dim * Math.Log(2 * Math.PI);
    }

    /// <summary>Precomputed single-precision evaluator: rows padded to the SIMD width, A*mean folded in.</summary>
    public Evaluator CreateEvaluator() => new(this);

    /// <summary>Fast, thread-safe negative log-likelihood of feature vectors.</summary>
    public sealed class Evaluator
    {
        private readonly int _dim, _k, _stride;
        private readonly float[] _at;     // K x Dim columns x stride: column j of A, padded
        private readonly float[] _am;     // K x stride: A * mean, padded
        private readonly double[] _logConst;

        internal Evaluator(GaussianMixture g)
        {
            _dim = g.Dim; _k = g.Components;
            int vw = Vector<float>.Count;
            _stride = (g.Dim + vw - 1) / vw * vw;
            _at = new float[_k * _dim * _stride];
            _am = new float[_k * _stride];
            _logConst = new double[_k];
            for (int k = 0; k < _k; k++)
            {
                var am = g.WhitenedMean(k);
                for (int i = 0; i < _dim; i++)
                {
                    for (int j = 0; j <= i; j++) _at[(k * _dim + j) * _stride + i] = (float)g.InverseCholesky[k][i * _dim + j];
                    _am[k * _stride + i] = (float)am[i];
                }
                _logConst[k] = g.LogConstant(k);
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
            Span<float> y = stackalloc float[_stride];
            for (int k = 0; k < _k; k++)
            {
                // y = A x - A mean, accumulated column by column so every step is a full-width vector FMA.
                _am.AsSpan(k * _stride, _stride).CopyTo(y);
                for (int i = 0; i < _stride; i++) y[i] = -y[i];
                for (int j = 0; j < _dim; j++)
                {
                    var xj = new Vector<float>(x[j]);
                    var col = new ReadOnlySpan<float>(_at, (k * _dim + j) * _stride, _stride);
                    for (int i = (j / vw) * vw; i < _stride; i += vw)
                        (new Vector<float>(col[i..]) * xj + new Vector<float>(y[i..])).CopyTo(y[i..]);
                }
                var acc = Vector<float>.Zero;
                for (int i = 0; i < _stride; i += vw) { var v = new Vector<float>(y[i..]); acc += v * v; }
                lp[k] = _logConst[k] - 0.5 * Vector.Sum(acc);
                if (lp[k] > max) max = lp[k];
            }
            double s = 0;
            for (int k = 0; k < _k; k++) s += Math.Exp(lp[k] - max);
            return -(max + Math.Log(s));
        }
    }
}
