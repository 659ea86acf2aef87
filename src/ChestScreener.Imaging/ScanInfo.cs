namespace ChestScreener.Imaging;

/// <summary>What is known about the scan a volume came from; empty strings where the source (e.g. NIfTI) has no such tag.</summary>
public sealed record ScanInfo
{
    public string StudyUid { get; init; } = "";
    public string SeriesUid { get; init; } = "";
    public string Modality { get; init; } = "";
    public string BodyPartExamined { get; init; } = "";
    public string SeriesDescription { get; init; } = "";
    public string Manufacturer { get; init; } = "";
    public string ConvolutionKernel { get; init; } = "";
    public string TransferSyntax { get; init; } = "";
    public double SliceThicknessMm { get; init; }
    /// <summary>Where the volume was read from (a path or an upload name); used in reports, never patient data.</summary>
    public string Source { get; init; } = "";
    /// <summary>The DICOM series behind the volume (UIDs, slice positions, study tags) for DICOM outputs; null for NIfTI input.</summary>
    public DicomSourceSeries? Dicom { get; init; }
}
