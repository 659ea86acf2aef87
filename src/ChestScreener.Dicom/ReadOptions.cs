namespace ChestScreener.Dicom;

/// <summary>What the reader checks and how far it lets an input expand; defaults are what the pipeline uses.</summary>
public sealed record ReadOptions
{
    /// <summary>Reject non-CT modalities (not_ct) from the tags.</summary>
    public bool CheckModality { get; init; } = true;
    /// <summary>Reject a BodyPartExamined that is clearly not chest (not_chest).</summary>
    public bool CheckBodyPart { get; init; } = true;
    /// <summary>Reject too few slices / too short z-coverage for a chest (incomplete_series).</summary>
    public bool CheckCoverage { get; init; } = true;
    /// <summary>Minimum z-coverage of a chest series in mm.</summary>
    public double MinCoverageMm { get; init; } = 150;
    /// <summary>Fewest slices a chest series may have (with <see cref="CheckCoverage"/>).</summary>
    public int MinSlices { get; init; } = 10;
    /// <summary>Longest run of missing slices (mm) that is filled by interpolation; a longer gap is incomplete_series.</summary>
    public double MaxSliceGapMm { get; init; } = 10;
    /// <summary>HU below this is padding outside the scan field (-2000, -3024, ...) and becomes air (-1024).</summary>
    public int PaddingBelowHu { get; init; } = -1500;
    /// <summary>Files decoded at once.</summary>
    public int MaxThreads { get; init; } = Environment.ProcessorCount;
    /// <summary>Zip safety limits.</summary>
    public long MaxUncompressedBytes { get; init; } = 8L << 30;
    public int MaxZipEntries { get; init; } = 100_000;
    public double MaxCompressionRatio { get; init; } = 200;
    /// <summary>Largest volume built (voxels; 2 bytes each in HU): a header claiming more is too_large before any pixel is read.</summary>
    public long MaxVoxels { get; init; } = 1L << 30;
    /// <summary>Where zips are unpacked (a fresh sub-folder, always removed); default: the system temp folder.</summary>
    public string? TempRoot { get; init; }

    /// <summary>Reads whatever CT is there without the passport's chest checks (modality still checked).</summary>
    public static ReadOptions NoChestChecks { get; } = new() { CheckBodyPart = false, CheckCoverage = false };
}
