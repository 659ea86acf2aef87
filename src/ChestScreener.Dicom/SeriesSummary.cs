namespace ChestScreener.Dicom;

/// <summary>One series found in an input, as `screener inspect` reports it (no patient data).</summary>
public sealed record SeriesSummary
{
    public string SeriesUid { get; init; } = "";
    public string StudyUid { get; init; } = "";
    public string Modality { get; init; } = "";
    public string BodyPartExamined { get; init; } = "";
    public string SeriesDescription { get; init; } = "";
    public string ImageType { get; init; } = "";
    public string Manufacturer { get; init; } = "";
    public string ConvolutionKernel { get; init; } = "";
    public string TransferSyntax { get; init; } = "";
    public string TransferSyntaxUid { get; init; } = "";
    public int Files { get; init; }
    public int Slices { get; init; }
    public int Rows { get; init; }
    public int Columns { get; init; }
    /// <summary>Column, row and slice-step spacing in mm (the step measured from positions, not SliceThickness).</summary>
    public double[] SpacingMm { get; init; } = [];
    public double SliceThicknessMm { get; init; }
    public double CoverageMm { get; init; }
    public string Orientation { get; init; } = "";
    public double GantryTiltDegrees { get; init; }
    public bool Eligible { get; init; }
    public string? ExcludedBecause { get; init; }
    public bool Selected { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
