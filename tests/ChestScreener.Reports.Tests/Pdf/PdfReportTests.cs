using System.Diagnostics;
using ChestScreener.Reports.Images;
using ChestScreener.Reports.Pdf;
using ChestScreener.Tests;

namespace ChestScreener.Reports.Tests.Pdf;

public class PdfReportTests
{
    [SkippableFact]
    public void Pathology_report_is_a_pdf_with_verdict_findings_and_disclaimer()
    {
        using var temp = TestData.NewTempFolder();
        var path = temp.File("report.pdf");
        PdfReport.Write(path, SyntheticStudy.Create(findings: 3), new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        var text = PdfToText(path);
        Skip.If(text is null, "pdftotext (poppler-utils) is not installed");
        Assert.Contains("NEEDS A RADIOLOGIST FIRST", text);
        Assert.Contains("right lung, upper zone", text);
        Assert.Contains("Not a diagnosis", text);
        Assert.Contains("screener-v1 1.0.0", text);
        Assert.Contains("Key images", text);
    }

    [SkippableFact]
    public void Normal_report_says_so_and_shows_an_overview()
    {
        using var temp = TestData.NewTempFolder();
        var path = temp.File("report.pdf");
        PdfReport.Write(path, SyntheticStudy.Create(pathology: false));
        var text = PdfToText(path);
        Skip.If(text is null, "pdftotext (poppler-utils) is not installed");
        Assert.Contains("NO ANOMALY ABOVE THE LIMIT", text);
        Assert.Contains("Coronal overview", text);
        Assert.DoesNotContain("RADIOLOGIST FIRST", text);
        // The verdict says what it covers: only the lung fields were scored.
        var flat = string.Join(" ", text!.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Scored: the lungs and 10 mm around them", flat);
        Assert.Contains("not assessed", flat);
    }

    [SkippableFact]
    public void First_page_renders_to_an_image_with_the_verdict_colour()
    {
        using var temp = TestData.NewTempFolder();
        var path = temp.File("report.pdf");
        PdfReport.Write(path, SyntheticStudy.Create(findings: 2));
        var ok = Run("pdftoppm", $"-r 50 -f 1 -l 1 -png \"{path}\" \"{temp.File("page")}\"") is not null;
        Skip.IfNot(ok, "pdftoppm (poppler-utils) is not installed");
        var png = Directory.GetFiles(temp.Path, "page*.png").Single();
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        Assert.True(bitmap.Width > 400 && bitmap.Height > 500);
        // Somewhere in the top third there is the light red verdict fill.
        bool red = false;
        for (int y = 0; y < bitmap.Height / 3 && !red; y++)
        for (int x = 0; x < bitmap.Width && !red; x++)
        {
            var c = bitmap.GetPixel(x, y);
            red = c.Red > 245 && c.Green is > 225 and < 245 && c.Blue is > 225 and < 240;
        }
        Assert.True(red, "verdict box colour not found on page 1");
    }

    [Fact]
    public void Overlay_images_are_written_per_finding()
    {
        using var temp = TestData.NewTempFolder();
        var files = OverlayImages.Write(temp.Path, SyntheticStudy.Create(findings: 2));
        Assert.Equal(["overview.png", "finding1_axial.png", "finding1_coronal.png", "finding2_axial.png", "finding2_coronal.png"], files);
        using var axial = SkiaSharp.SKBitmap.Decode(temp.File("finding1_axial.png"));
        Assert.Equal(96, axial.Width);
        // The outline colour appears on the axial image through finding 1.
        bool outline = false;
        for (int y = 0; y < axial.Height; y++)
        for (int x = 0; x < axial.Width; x++)
            outline |= axial.GetPixel(x, y) == KeyImages.OutlineColor;
        Assert.True(outline);
    }

    internal static string? PdfToText(string pdf) => Run("pdftotext", $"-layout \"{pdf}\" -");

    private static string? Run(string tool, string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (p is null) return null;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
