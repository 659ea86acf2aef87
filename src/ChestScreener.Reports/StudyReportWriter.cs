using ChestScreener.Reports.Images;
using ChestScreener.Reports.Nifti;
using ChestScreener.Reports.Pdf;
using ChestScreener.Results;

namespace ChestScreener.Reports;

/// <summary>Writes the per-study outputs that a format list asks for (report.pdf, NIfTI maps, overlay PNGs) into the study folder.</summary>
public static class StudyReportWriter
{
    public const string PdfName = "report.pdf";

    /// <summary>
    /// Writes every requested output; a failing output becomes a warning (returned) rather than losing the study's
    /// verdict. result.json is not written here: the pipeline writes it last, so its presence means "done".
    /// </summary>
    public static List<string> Write(string folder, StudyArtifacts artifacts, OutputFormats formats, int threads = 0)
    {
        Directory.CreateDirectory(folder);
        var warnings = new List<string>();
        bool analysed = artifacts.Result.Status == ResultStatus.Ok && artifacts.Ct is not null;
        if (formats.HasFlag(OutputFormats.Pdf) && analysed)
        {
            Try(warnings, "pdf report", () => PdfReport.Write(Path.Combine(folder, PdfName), artifacts));
        }
        if (formats.HasFlag(OutputFormats.Nifti) && analysed)
        {
            Try(warnings, "nifti outputs", () => NiftiOutputs.Write(folder, artifacts, threads));
        }
        if (formats.HasFlag(OutputFormats.Png) && analysed)
        {
            Try(warnings, "overlay images", () => OverlayImages.Write(folder, artifacts));
        }
        if (formats.HasFlag(OutputFormats.Dicom) && artifacts.Ct is not null)
        {
            Try(warnings, "dicom results", () => Dicom.DicomOutputs.Write(folder, artifacts));
        }
        return warnings;
    }

    /// <summary>The files a finished study folder must hold for these formats (used to decide whether a rerun can skip it).</summary>
    public static List<string> ExpectedFiles(OutputFormats formats, bool analysed)
    {
        var files = new List<string> { "result.json" };
        if (!analysed) return files;
        if (formats.HasFlag(OutputFormats.Pdf)) files.Add(PdfName);
        if (formats.HasFlag(OutputFormats.Nifti)) files.AddRange([NiftiOutputs.Volume, NiftiOutputs.Anomaly, NiftiOutputs.FindingIds]);
        if (formats.HasFlag(OutputFormats.Png)) files.Add(OverlayImages.OverviewName);
        return files;
    }

    private static void Try(List<string> warnings, string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            warnings.Add($"{what} not written: {e.GetType().Name}: {e.Message}");
        }
    }
}
