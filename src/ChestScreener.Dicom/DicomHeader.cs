using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Dicom;

/// <summary>The tags of one DICOM file that series choice, the passport and volume building need (no patient data).</summary>
internal sealed record DicomHeader
{
    public required string Path { get; init; }
    public string SopClassUid { get; init; } = "";
    public string SopInstanceUid { get; init; } = "";
    public string StudyUid { get; init; } = "";
    public string SeriesUid { get; init; } = "";
    public string Modality { get; init; } = "";
    public string BodyPartExamined { get; init; } = "";
    public string SeriesDescription { get; init; } = "";
    /// <summary>ImageType values, upper case (e.g. ORIGINAL, PRIMARY, AXIAL).</summary>
    public IReadOnlyList<string> ImageType { get; init; } = [];
    public string Manufacturer { get; init; } = "";
    public string ConvolutionKernel { get; init; } = "";
    public string TransferSyntaxUid { get; init; } = "";
    public string TransferSyntaxName { get; init; } = "";
    public bool HasPixelData { get; init; }
    /// <summary>Byte offset of the (7FE0,0010) element in the file, as the header reader left it; -1 when unknown.</summary>
    public long PixelDataOffset { get; init; } = -1;
    public int BitsStored { get; init; }
    public int PixelRepresentation { get; init; }
    public int Rows { get; init; }
    public int Columns { get; init; }
    public int Frames { get; init; } = 1;
    public int SamplesPerPixel { get; init; } = 1;
    public int BitsAllocated { get; init; }
    public string Photometric { get; init; } = "";
    public int InstanceNumber { get; init; }
    public int AcquisitionNumber { get; init; }
    public double SliceThicknessMm { get; init; }
    public double? PixelPaddingValue { get; init; }
    public double? PixelPaddingRangeLimit { get; init; }
    /// <summary>Why the pixel data element is damaged (cut off, fragments broken); null when it walked cleanly.</summary>
    public string? PixelDataProblem { get; init; }
    /// <summary>Defined length of the pixel data element in bytes; -1 when absent or encapsulated (compressed).</summary>
    public long PixelDataLength { get; init; } = -1;
    /// <summary>One entry per frame (a single entry for classic single-frame files).</summary>
    public IReadOnlyList<FrameGeometry> FrameGeometries { get; init; } = [];
}

/// <summary>Where one frame lies and how its stored values map to HU.</summary>
internal readonly record struct FrameGeometry(
    Vec3 Position, Vec3 RowDirection, Vec3 ColumnDirection, double SpacingX, double SpacingY,
    double Slope, double Intercept, bool HasPosition, bool IsLocalizer);
