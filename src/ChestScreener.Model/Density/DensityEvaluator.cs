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

    public DensityEvaluator(DensityModel model)
    {
        var mixtures = model.Mixtures.ToArray();
        _joint = mixtures.Select(m => m.CreateEvaluator()).ToArray();
        if (model.Conditional && model.ContextDim > 0)
        {
            _contextDim = model.ContextDim;
            _context = mixtures.Select(m => m.Marginal(_contextDim).CreateEvaluator()).ToArray();
        }
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
