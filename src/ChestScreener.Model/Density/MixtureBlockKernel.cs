using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ChestScreener.Model.Density;

/// <summary>
/// log q(x) of a full-covariance Gaussian mixture for a block of <see cref="Block"/> feature vectors at once (features
/// stored feature-major: x[j * Block + v]). Per component the whitened residual A (x - mean) is a small triangular
/// matrix product, done four output rows by two SIMD vectors of voxels at a time so every broadcast coefficient feeds
/// two FMAs and every loaded feature four; the log-sum-exp over components is vectorised over the block
/// (TensorPrimitives). Same arithmetic as <see cref="GaussianMixture.Evaluator.Nll"/> in single precision; the
/// difference is rounding (see MixtureBlockKernelTests).
/// </summary>
public sealed class MixtureBlockKernel
{
    /// <summary>Voxels per block: a multiple of two 256-bit vectors.</summary>
    public const int Block = 64;
    private const int Rows = 4;

    private readonly int _dim, _k, _dimPad;
    private readonly float[] _a;        // K x dimPad x dimPad, row-major, lower triangle (zeros above and in padding)
    private readonly float[] _am;       // K x dimPad: A * mean
    private readonly float[] _logConst; // K: log weight + log det A - D/2 log 2 pi

    public MixtureBlockKernel(GaussianMixture g)
    {
        _dim = g.Dim; _k = g.Components;
        _dimPad = (g.Dim + Rows - 1) / Rows * Rows;
        _a = new float[_k * _dimPad * _dimPad];
        _am = new float[_k * _dimPad];
        _logConst = new float[_k];
        for (int k = 0; k < _k; k++)
        {
            var am = g.WhitenedMean(k);
            for (int i = 0; i < _dim; i++)
            {
                for (int j = 0; j <= i; j++) _a[(k * _dimPad + i) * _dimPad + j] = (float)g.InverseCholesky[k][i * _dim + j];
                _am[k * _dimPad + i] = (float)am[i];
            }
            _logConst[k] = (float)g.LogConstant(k);
        }
    }

    public int Dim => _dim;
    public int Components => _k;

    /// <summary>Scratch a caller keeps per thread: <see cref="Components"/> x <see cref="Block"/> floats plus two rows.</summary>
    public float[] CreateScratch() => new float[(_k + 2) * Block];

    /// <summary>
    /// log q(x) for the <see cref="Block"/> vectors in <paramref name="x"/> (at least <see cref="Dim"/> rows of Block
    /// floats; rows past Dim are not read) into <paramref name="logQ"/> (Block floats).
    /// </summary>
    public void LogDensity(ReadOnlySpan<float> x, Span<float> logQ, float[] scratch)
    {
        if (x.Length < _dim * Block || logQ.Length < Block || scratch.Length < (_k + 2) * Block) throw new ArgumentException("block buffers are too small");
        var lp = scratch.AsSpan(0, _k * Block);
        ref float xr = ref MemoryMarshal.GetReference(x);
        for (int k = 0; k < _k; k++) Component(k, ref xr, lp.Slice(k * Block, Block));

        var max = scratch.AsSpan(_k * Block, Block);
        var tmp = scratch.AsSpan((_k + 1) * Block, Block);
        lp[..Block].CopyTo(max);
        for (int k = 1; k < _k; k++) TensorPrimitives.Max(max, lp.Slice(k * Block, Block), max);
        logQ = logQ[..Block];
        logQ.Clear();
        for (int k = 0; k < _k; k++)
        {
            TensorPrimitives.Subtract(lp.Slice(k * Block, Block), max, tmp);
            TensorPrimitives.Exp(tmp, tmp);
            TensorPrimitives.Add(logQ, tmp, logQ);
        }
        TensorPrimitives.Log(logQ, logQ);
        TensorPrimitives.Add(logQ, max, logQ);
    }

    // lp[v] = logConst - |A (x_v - mean)|^2 / 2 for one component over the block.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Component(int k, ref float x, Span<float> lp)
    {
        int dim = _dim, dp = _dimPad, w = Vector256<float>.Count;
        ref float a = ref _a[k * dp * dp];
        ref float am = ref _am[k * dp];
        var half = Vector256.Create(-0.5f);
        var c = Vector256.Create(_logConst[k]);
        ref float lpr = ref MemoryMarshal.GetReference(lp);
        for (int v = 0; v < Block; v += 2 * w)
        {
            var q0 = Vector256<float>.Zero;
            var q1 = Vector256<float>.Zero;
            for (int g = 0; g < dp; g += Rows)
            {
                var m0 = Vector256.Create(-Unsafe.Add(ref am, g));
                var m1 = Vector256.Create(-Unsafe.Add(ref am, g + 1));
                var m2 = Vector256.Create(-Unsafe.Add(ref am, g + 2));
                var m3 = Vector256.Create(-Unsafe.Add(ref am, g + 3));
                Vector256<float> s00 = m0, s01 = m0, s10 = m1, s11 = m1, s20 = m2, s21 = m2, s30 = m3, s31 = m3;
                int jEnd = Math.Min(g + Rows, dim);
                ref float a0 = ref Unsafe.Add(ref a, g * dp);
                ref float a1 = ref Unsafe.Add(ref a0, dp);
                ref float a2 = ref Unsafe.Add(ref a1, dp);
                ref float a3 = ref Unsafe.Add(ref a2, dp);
                for (int j = 0; j < jEnd; j++)
                {
                    var x0 = Vector256.LoadUnsafe(ref x, (nuint)(j * Block + v));
                    var x1 = Vector256.LoadUnsafe(ref x, (nuint)(j * Block + v + w));
                    var b0 = Vector256.Create(Unsafe.Add(ref a0, j));
                    var b1 = Vector256.Create(Unsafe.Add(ref a1, j));
                    var b2 = Vector256.Create(Unsafe.Add(ref a2, j));
                    var b3 = Vector256.Create(Unsafe.Add(ref a3, j));
                    s00 = Vector256.MultiplyAddEstimate(b0, x0, s00); s01 = Vector256.MultiplyAddEstimate(b0, x1, s01);
                    s10 = Vector256.MultiplyAddEstimate(b1, x0, s10); s11 = Vector256.MultiplyAddEstimate(b1, x1, s11);
                    s20 = Vector256.MultiplyAddEstimate(b2, x0, s20); s21 = Vector256.MultiplyAddEstimate(b2, x1, s21);
                    s30 = Vector256.MultiplyAddEstimate(b3, x0, s30); s31 = Vector256.MultiplyAddEstimate(b3, x1, s31);
                }
                q0 = Vector256.MultiplyAddEstimate(s00, s00, q0); q1 = Vector256.MultiplyAddEstimate(s01, s01, q1);
                q0 = Vector256.MultiplyAddEstimate(s10, s10, q0); q1 = Vector256.MultiplyAddEstimate(s11, s11, q1);
                q0 = Vector256.MultiplyAddEstimate(s20, s20, q0); q1 = Vector256.MultiplyAddEstimate(s21, s21, q1);
                q0 = Vector256.MultiplyAddEstimate(s30, s30, q0); q1 = Vector256.MultiplyAddEstimate(s31, s31, q1);
            }
            Vector256.MultiplyAddEstimate(q0, half, c).StoreUnsafe(ref lpr, (nuint)v);
            Vector256.MultiplyAddEstimate(q1, half, c).StoreUnsafe(ref lpr, (nuint)(v + w));
        }
    }
}
