using ChestScreener.Dicom.Building;

namespace ChestScreener.Dicom.Selection;

/// <summary>One SeriesInstanceUID found in the input, its stacking plan and whether it may be analysed (and if not, why).</summary>
internal sealed class SeriesCandidate
{
    public required string SeriesUid { get; init; }
    public required IReadOnlyList<DicomHeader> Files { get; init; }
    /// <summary>The header that speaks for the series (lowest InstanceNumber, then SOPInstanceUID).</summary>
    public required DicomHeader Representative { get; init; }
    public StackPlan? Plan { get; init; }
    public string? ExcludedBecause { get; set; }
    public bool Eligible => ExcludedBecause is null;
    public int SliceCount => Plan?.Slices.Count ?? 0;
    public string Orientation { get; init; } = "";
    public int KernelRank { get; init; }
}
