namespace ChestScreener.Model.Density;

/// <summary>
/// Thread-safe -log q for density features: the joint mixture's NLL, or for a conditional model
/// -log q(descriptor | context) = -log q(context, descriptor) + log q(context), the context being the leading features.
/// </summary>
public sealed class DensityEvaluator
{
    private readonly GaussianMixture.Evaluator _joint;
    private readonly GaussianMixture.Evaluator? _context;
    private readonly int _contextDim;

    public DensityEvaluator(DensityModel model)
    {
        _joint = model.Mixture.CreateEvaluator();
        if (model.Conditional && model.ContextDim > 0)
        {
            _contextDim = model.ContextDim;
            _context = model.Mixture.Marginal(_contextDim).CreateEvaluator();
        }
    }

    /// <summary>Length a feature buffer must have (tail zeros past the feature dimension).</summary>
    public int Stride => _joint.Stride;

    public double Nll(ReadOnlySpan<float> feature)
    {
        double nll = _joint.Nll(feature);
        if (_context == null) return nll;
        Span<float> c = stackalloc float[_context.Stride];
        c.Clear();
        feature[.._contextDim].CopyTo(c);
        return nll - _context.Nll(c);
    }
}
