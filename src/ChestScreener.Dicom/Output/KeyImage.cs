namespace ChestScreener.Dicom.Output;

/// <summary>
/// One rendered key image for the Secondary Capture series: 8-bit RGB pixels (row-major, interleaved), what it shows,
/// its Patient Orientation (direction of the rows, then of the columns, e.g. "L\P" for axial) and, for a plane that is a
/// source slice, that slice's index in the source images (for the Source Image Sequence).
/// </summary>
public sealed record KeyImage(int Width, int Height, byte[] Rgb, string Description, string PatientOrientation, int? SourceSlice = null);
