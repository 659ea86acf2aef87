using ChestScreener.Results;

namespace ChestScreener.Dicom;

/// <summary>What an input holds and what the reader would do with it (tags only, no pixel decoding): `screener inspect`.</summary>
public sealed record StudyInspection
{
    public IReadOnlyList<string> Inputs { get; init; } = [];
    /// <summary>"dicom" or "nifti".</summary>
    public string Format { get; init; } = "";
    public int FilesFound { get; init; }
    public int DicomFiles { get; init; }
    /// <summary>Files that are not DICOM (or DICOM without an image) and were ignored.</summary>
    public int SkippedFiles { get; init; }
    public IReadOnlyList<SeriesSummary> Series { get; init; } = [];
    public string? SelectedSeriesUid { get; init; }
    public string? SelectionReason { get; init; }
    /// <summary>The rejection the passport would give, when it would reject the input.</summary>
    public Rejection? Rejection { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
