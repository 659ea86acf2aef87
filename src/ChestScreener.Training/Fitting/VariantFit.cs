using ChestScreener.Model.Density;

namespace ChestScreener.Training.Fitting;

/// <summary>One fitted density variant: the model inference would load, each study's voxel AUROC and unsmoothed NLL map (body), the K selection.</summary>
public sealed record VariantFit(DensityVariant Variant, DensityModel Model, double[] Auroc, List<float[]> Nll, Dictionary<string, double>? Selection)
{
    public double MeanAuroc => Auroc.Average();
}
