using System.Numerics.Tensors;

namespace ChestScreener.Model.Density;

/// <summary>
/// Thread-safe -log q for density features: the joint mixture's NLL, or for a conditional model
/// -log q(descriptor | context) = -log q(context, descriptor) + log q(context), the context being the leading features;
/// averaged over the mixtures of an ensemble.
/// </summary>
public sealed class DensityEvaluator
{
    private readonly GaussianMixture.Evaluator[] _joint;
    private readonly GaussianMixture.Evaluator[]? _context;
    private readonly int _contextDim;
    private readonly MixtureBlockKernel[] _jointBlocks;
    private readonly MixtureBlockKernel[]? _contextBlocks;

    public DensityEvaluator(DensityModel model)
    {
        var mixtures = model.Mixtures.ToArray();
        _joint = mixtures.Select(m => m.CreateEvaluator()).ToArray();
        if (model.Conditional && model.ContextDim > 0)
        {
            _contextDim = model.ContextDim;
            _context = mixtures.Select(m => m.Marginal(_contextDim).CreateEvaluator()).ToArray();
            _contextBlocks = mixtures.Select(m => new MixtureBlockKernel(m.Marginal(_contextDim))).ToArray();
        }
        _jointBlocks = mixtures.Select(m => new MixtureBlockKernel(m)).ToArray();
    }

    /// <summary>Feature rows a block passed to <see cref="NllBlock"/> must have (the mixture's dimension).</summary>
    public int FeatureDim => _jointBlocks[0].Dim;

    /// <summary>Per-thread buffers for <see cref="NllBlock"/>.</summary>
    public sealed class BlockScratch
    {
        internal BlockScratch(int components)
        {
            Kernel = new float[(components + 2) * MixtureBlockKernel.Block];
            LogQ = new float[MixtureBlockKernel.Block];
        }
        internal float[] Kernel { get; }
        internal float[] LogQ { get; }
    }

    public BlockScratch CreateBlockScratch() => new(_jointBlocks.Max(b => b.Components));

    /// <summary>
    /// <see cref="Nll"/> for a block of <see cref="MixtureBlockKernel.Block"/> features stored feature-major
    /// (x[j * Block + v], <see cref="FeatureDim"/> rows) into <paramref name="nll"/> (Block floats).
    /// </summary>
    public void NllBlock(ReadOnlySpan<float> x, Span<float> nll, BlockScratch scratch)
    {
        nll = nll[..MixtureBlockKernel.Block];
        nll.Clear();
        var logQ = scratch.LogQ.AsSpan();
        for (int m = 0; m < _jointBlocks.Length; m++)
        {
            _jointBlocks[m].LogDensity(x, logQ, scratch.Kernel);
            TensorPrimitives.Subtract(nll, logQ, nll);
            if (_contextBlocks == null) continue;
            _contextBlocks[m].LogDensity(x, logQ, scratch.Kernel);
            TensorPrimitives.Add(nll, logQ, nll);
        }
        if (_jointBlocks.Length > 1) TensorPrimitives.Multiply(nll, 1f / _jointBlocks.Length, nll);
    }

    /// <summary>Length a feature buffer must have (tail zeros past the feature dimension).</summary>
    public int Stride => _joint[0].Stride;

    public double Nll(ReadOnlySpan<float> feature)
    {
        Span<float> c = stackalloc float[_context?[0].Stride ?? 0];
        if (_context != null)
        {
            c.Clear();
            feature[.._contextDim].CopyTo(c);
        }
        double sum = 0;
        for (int m = 0; m < _joint.Length; m++)
        {
            sum += _joint[m].Nll(feature);
            if (_context != null) sum -= _context[m].Nll(c);
        }
        return sum / _joint.Length;
    }
}
