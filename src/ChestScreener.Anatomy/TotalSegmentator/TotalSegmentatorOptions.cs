namespace ChestScreener.Anatomy.TotalSegmentator;

/// <summary>How to run an installed TotalSegmentator (optional; the classical segmentation works without it).</summary>
public sealed record TotalSegmentatorOptions
{
    /// <summary>Path or name of the TotalSegmentator executable.</summary>
    public required string Executable { get; init; }
    /// <summary>Use the 3 mm "--fast" model (CPU-friendly).</summary>
    public bool Fast { get; init; } = true;
    /// <summary>Extra command-line arguments appended as given (e.g. "--device", "gpu").</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(20);
    /// <summary>Class ids of the multi-label file; the TotalSegmentator v2 "total" task by default.</summary>
    public TotalSegmentatorClasses Classes { get; init; } = TotalSegmentatorClasses.TotalV2;
    /// <summary>Where the temporary input/output files go (a fresh sub-folder, always removed); default: system temp.</summary>
    public string? TempRoot { get; init; }
}
