using ChestScreener.Model.Density;

namespace ChestScreener.Training.Fitting;

/// <summary>
/// One candidate density: per-voxel source (the learned descriptor, or intensity alone as the baseline), optional
/// context features and whether the score is conditional on them. Builds the <see cref="DensityModel"/> that
/// inference loads, so fitting scores voxels through exactly the inference code.
/// </summary>
public sealed record DensityVariant(string Name, bool UsesDescriptor, ContextSpec? Context, bool Conditional)
{
    /// <summary>Intensity as a one-channel "descriptor": scale ~HU/600, so the same density code path serves the baseline.</summary>
    public static readonly double[] IntensityMean = [0.5], IntensityStd = [0.25];

    public float[] Source(StudyFeatures s) => UsesDescriptor ? s.Descriptors : s.Volume.Intensity;

    public DensityModel ToModel(GaussianMixture mixture, double[] featureMean, double[] featureStd, double[]? contextMean, double[]? contextStd,
        Dictionary<string, double>? selection, double smoothingMm = 0, double edgeMarginMm = 0) => new()
    {
        Kind = "gaussian_mixture_full",
        FeatureMean = featureMean,
        FeatureStd = featureStd,
        Context = Context,
        ContextMean = contextMean,
        ContextStd = contextStd,
        Conditional = Conditional && Context != null,
        SmoothingMm = smoothingMm,
        EdgeMarginMm = edgeMarginMm,
        Mixture = mixture,
        Selection = selection,
    };
}
