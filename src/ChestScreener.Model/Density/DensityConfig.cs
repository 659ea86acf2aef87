namespace ChestScreener.Model.Density;

/// <summary>Density model pointer (model.json "density"): the file holding standardisation, position use and the mixture.</summary>
public sealed record DensityConfig
{
    public string File { get; init; } = "density.json";
}
