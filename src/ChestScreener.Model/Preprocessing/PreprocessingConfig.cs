namespace ChestScreener.Model.Preprocessing;

/// <summary>Preprocessing parameters (model.json "preprocessing"): body crop, resampling, HU window and local contrast.</summary>
public sealed record PreprocessingConfig
{
    /// <summary>Isotropic voxel size (mm) of the model grid.</summary>
    public double SpacingMm { get; init; } = 2.0;
    /// <summary>
    /// Patient direction of the model grid's x, y and z axes (see ModelGridMap). "LAS" is the storage order of dcm2niix
    /// NIfTI, which screener-v1 was trained on; DICOM series (rows running posterior) are flipped to it.
    /// </summary>
    public string Orientation { get; init; } = "LAS";
    public double HuMin { get; init; } = -1350;
    public double HuMax { get; init; } = 1000;
    /// <summary>Voxels above this HU are body candidates; the largest connected blob, holes filled per slice, is the body.</summary>
    public double BodyThresholdHu { get; init; } = -500;
    /// <summary>Margin (mm) kept around the body bounding box.</summary>
    public double BodyMarginMm { get; init; } = 6;
    /// <summary>Side (mm) of the square tiles of the per-slice CLAHE.</summary>
    public double ClaheTileMm { get; init; } = 32;
    /// <summary>CLAHE clip limit as a multiple of the mean bin count.</summary>
    public double ClaheClipLimit { get; init; } = 3.0;
    public int ClaheBins { get; init; } = 64;
}
