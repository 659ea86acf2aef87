using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChestScreener.Model.Density;

/// <summary>
/// The density file (density.json): feature standardisation (descriptor mean/std), optional context features
/// (leading the vector, standardised; conditional or joint), the legacy position features, the Gaussian mixture and
/// the smoothing of the NLL map.
/// </summary>
public sealed record DensityModel
{
    public string Kind { get; init; } = "gaussian_mixture_full";
    public required double[] FeatureMean { get; init; }
    public required double[] FeatureStd { get; init; }
    /// <summary>Legacy (screener-v1 at step 331): body-box position appended after the descriptor.</summary>
    public bool UsePosition { get; init; }
    public double PositionWeight { get; init; } = 1;
    /// <summary>Context features placed before the descriptor; null when none.</summary>
    public ContextSpec? Context { get; init; }
    public double[]? ContextMean { get; init; }
    public double[]? ContextStd { get; init; }
    /// <summary>True: the score is -log q(descriptor | context); false: -log q(context, descriptor).</summary>
    public bool Conditional { get; init; }
    /// <summary>Gaussian sigma (mm) of the body-masked smoothing of the NLL map before calibration; 0 = none.</summary>
    public double SmoothingMm { get; init; }
    /// <summary>
    /// Voxels this close (mm) to the first or last model-grid slice get no score: there the network and the ring
    /// context see the edge of the field of view, not anatomy, and the tail of normal scores sat there.
    /// </summary>
    public double EdgeMarginMm { get; init; }
    public required GaussianMixture Mixture { get; init; }
    /// <summary>
    /// Further mixtures of the same features, each fitted on its own sample of normal voxels; the NLL is the mean over
    /// <see cref="Mixture"/> and these. Meant to steady a tail that, with two normal studies, moves by several NLL units
    /// from sample to sample; screener-v1 ships without one because it did not lift the lesions (MODEL_CARD.md).
    /// Null or empty = one mixture.
    /// </summary>
    public List<GaussianMixture>? Ensemble { get; init; }
    /// <summary>How K and the covariance were chosen (held-out log-likelihood per candidate).</summary>
    public Dictionary<string, double>? Selection { get; init; }

    [JsonIgnore]
    public int DescriptorDim => FeatureMean.Length;
    [JsonIgnore]
    public int ContextDim => Context?.Count ?? 0;
    [JsonIgnore]
    public IEnumerable<GaussianMixture> Mixtures => Ensemble is { Count: > 0 } e ? [Mixture, .. e] : [Mixture];

    [JsonIgnore]
    public int FeatureDim => ContextDim + DescriptorDim + (UsePosition ? 3 : 0);

    /// <summary>
    /// Writes the density feature of one voxel into <paramref name="dst"/> (length at least <see cref="FeatureDim"/>):
    /// context (raw, standardised here) first, then the standardised descriptor, then legacy position.
    /// </summary>
    public void Feature(ReadOnlySpan<float> descriptor, ReadOnlySpan<float> context, ReadOnlySpan<float> position, Span<float> dst)
    {
        int d = 0;
        for (int c = 0; c < ContextDim; c++) dst[d++] = (float)((context[c] - ContextMean![c]) / ContextStd![c]);
        for (int c = 0; c < DescriptorDim; c++) dst[d++] = (float)((descriptor[c] - FeatureMean[c]) / FeatureStd[c]);
        if (UsePosition)
        {
            for (int i = 0; i < 3; i++) dst[d++] = (float)((position[i] - 0.5) * 2 * PositionWeight);
        }
    }

    public DensityEvaluator CreateEvaluator() => new(this);

    public static DensityModel Load(string path) =>
        JsonSerializer.Deserialize<DensityModel>(File.ReadAllText(path), ModelConfig.JsonOptions)
        ?? throw new InvalidDataException($"{path}: empty density file");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, ModelConfig.JsonOptions));
}
