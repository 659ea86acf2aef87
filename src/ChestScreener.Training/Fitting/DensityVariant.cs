using ChestScreener.Model.Density;

namespace ChestScreener.Training.Fitting;

/// <summary>
/// Builds density features of one kind for a study voxel: standardised descriptor (or intensity in HU/100) plus,
/// optionally, the position in the body box scaled like <see cref="DensityModel.Feature"/>.
/// </summary>
public sealed class DensityVariant(FeatureKind kind, double[] mean, double[] std, double positionWeight)
{
    public FeatureKind Kind => kind;
    public bool UsesDescriptor => kind is FeatureKind.Descriptor or FeatureKind.DescriptorPosition;
    public bool UsesPosition => kind is FeatureKind.IntensityPosition or FeatureKind.DescriptorPosition;
    public int Dim => (UsesDescriptor ? mean.Length : 1) + (UsesPosition ? 3 : 0);

    public void Feature(StudyFeatures s, int x, int y, int z, Span<float> dst, Span<float> pos)
    {
        var pv = s.Volume;
        int i = (z * pv.SizeY + y) * pv.SizeX + x;
        int d = 0;
        if (UsesDescriptor)
        {
            for (int c = 0; c < mean.Length; c++) dst[d++] = (float)((s.Descriptors[(long)c * pv.Count + i] - mean[c]) / std[c]);
        }
        else
        {
            dst[d++] = (float)((pv.Intensity[i] - 0.5) * 4); // ~HU/600: unit-scale for the mixture
        }
        if (UsesPosition)
        {
            pv.Position(x, y, z, pos);
            for (int a = 0; a < 3; a++) dst[d++] = (float)((pos[a] - 0.5) * 2 * positionWeight);
        }
    }

    public DensityModel ToModel(GaussianMixture mixture, Dictionary<string, double> selection) => new()
    {
        FeatureMean = mean,
        FeatureStd = std,
        UsePosition = UsesPosition,
        PositionWeight = positionWeight,
        Mixture = mixture,
        Selection = selection,
    };
}
