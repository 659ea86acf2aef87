namespace ChestScreener.Reports;

/// <summary>Which outputs `screener analyze --format` asks for; result.json is always written.</summary>
[Flags]
public enum OutputFormats
{
    None = 0,
    Json = 1,
    Pdf = 2,
    Xlsx = 4,
    Csv = 8,
    Nifti = 16,
    Png = 32,
    /// <summary>DICOM results for a PACS: SR, Secondary Capture key images, SEG (only for DICOM input).</summary>
    Dicom = 64,
    Default = Json | Pdf | Xlsx | Csv,
    All = Json | Pdf | Xlsx | Csv | Nifti | Png,
}
