using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Imaging;

/// <summary>
/// The DICOM series a volume was read from, as DICOM outputs (SR, SC, SEG) need it: the source images in slice order
/// with their UIDs and positions, the slice grid, and the patient/study module values so results file under the original
/// study. Kept in memory only; never written into result.json or reports.
/// </summary>
public sealed record DicomSourceSeries
{
    public string FrameOfReferenceUid { get; init; } = "";
    /// <summary>The source images (one per kept slice), ordered along the slice normal like the volume's z index.</summary>
    public IReadOnlyList<SourceImage> Images { get; init; } = [];
    public int Columns { get; init; }
    public int Rows { get; init; }
    /// <summary>ImageOrientationPatient: direction of increasing column index, then of increasing row index.</summary>
    public Vec3 RowDirection { get; init; }
    public Vec3 ColumnDirection { get; init; }
    /// <summary>Spacing between columns (along <see cref="RowDirection"/>) and between rows, in mm.</summary>
    public double SpacingX { get; init; }
    public double SpacingY { get; init; }
    public double SliceThicknessMm { get; init; }
    /// <summary>Patient and study module values of the source by tag ((group &lt;&lt; 16) | element), as text.</summary>
    public IReadOnlyDictionary<uint, string> StudyTags { get; init; } = new Dictionary<uint, string>();
}

/// <summary>One source image (or one frame of a multi-frame image): what a DICOM reference to it needs.</summary>
/// <param name="FrameNumber">1-based frame in a multi-frame file; 0 for a single-frame image.</param>
public sealed record SourceImage(string SopClassUid, string SopInstanceUid, int FrameNumber, Vec3 Position);
