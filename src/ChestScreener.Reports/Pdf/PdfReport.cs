namespace ChestScreener.Reports.Pdf;

/// <summary>The one-to-two page PDF report for a radiologist.</summary>
public static class PdfReport
{
    public static void Write(string path, StudyArtifacts a) => throw new NotImplementedException("PDF report: in progress");
}
