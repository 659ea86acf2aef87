using System.Text.Json;

namespace ChestScreener.Model.Density;

/// <summary>
/// The density file (density.json): feature standardisation (descriptor mean/std), the optional position features
/// and the Gaussian mixture over the resulting vectors.
/// </summary>
public sealed record DensityModel
{
    public string Kind { get; init; } = "gaussian_mixture_full";
    public required double[] FeatureMean { get; init; }
    public required double[] FeatureStd { get; init; }
    public bool UsePosition { get; init; }
    public double PositionWeight { get; init; } = 1;
    public required GaussianMixture Mixture { get; init; }
    /// <summary>How K and the covariance were chosen (held-out log-likelihood per candidate).</summary>
    public Dictionary<string, double>? Selection { get; init; }

    public int DescriptorDim => FeatureMean.Length;
    public int FeatureDim => DescriptorDim + (UsePosition ? 3 : 0);

    /// <summary>Writes the density feature of one voxel into <paramref name="dst"/> (length at least <see cref="FeatureDim"/>).</summary>
    public void Feature(ReadOnlySpan<float> descriptor, ReadOnlySpan<float> position, Span<float> dst)
    {
        for (int c = 0; c < DescriptorDim; c++) dst[c] = (float)((descriptor[c] - FeatureMean[c]) / FeatureStd[c]);
        if (UsePosition)
        {
            for (int i = 0; i < 3; i++) dst[DescriptorDim + i] = (float)((position[i] - 0.5) * 2 * PositionWeight);
        }
    }

    public static DensityModel Load(string path) =>
        JsonSerializer.Deserialize<DensityModel>(File.ReadAllText(path), ModelConfig.JsonOptions)
        ?? throw new InvalidDataException($"{path}: empty density file");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, ModelConfig.JsonOptions));
}
