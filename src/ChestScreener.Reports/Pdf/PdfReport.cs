using System.Globalization;
using ChestScreener.Reports.Images;
using ChestScreener.Results;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ChestScreener.Reports.Pdf;

/// <summary>
/// The radiologist's report, built to be read in 30 seconds: verdict and probability in a coloured box first, then the
/// findings table (region, size, boxes), key images through each finding (lung window, outlined), scan and model facts,
/// and a not-a-diagnosis notice on every page.
/// </summary>
public static class PdfReport
{
    public const string Disclaimer =
        "Not a diagnosis. ChestScreener flags chest CT scans that differ from the normal chests it learned from, to help " +
        "order the reading list. It can miss disease and can flag normal variants. Every study must be read by a radiologist; " +
        "do not use this report to rule disease out.";

    /// <summary>Key images are drawn for at most this many findings.</summary>
    public const int MaxImagedFindings = 3;
    /// <summary>Rows of the findings table; the rest are counted and left to result.json.</summary>
    public const int MaxTableRows = 12;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(string path, StudyArtifacts a, DateTimeOffset? now = null)
    {
        var bytes = Render(a, now);
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static byte[] Render(StudyArtifacts a, DateTimeOffset? now = null)
    {
        DejaVuFontResolver.EnsureInstalled();
        var r = a.Result;
        var fonts = new Fonts();
        using var document = new PdfDocument();
        document.Info.Title = "ChestScreener triage report";
        document.Info.Creator = "ChestScreener";
        var stamp = (now ?? DateTimeOffset.UtcNow).ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", Inv);

        using (var c = new PdfCanvas(document, canvas => Footer(canvas, fonts)))
        {
            Header(c, fonts, r, stamp);
            Verdict(c, fonts, a);
            FindingsTable(c, fonts, r);
            KeyImagesSection(c, fonts, a);
            Facts(c, fonts, a);
        }
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static void Header(PdfCanvas c, Fonts f, StudyResult r, string stamp)
    {
        c.Gfx.DrawString(stamp, f.Small, XBrushes.Gray, new XRect(c.Left, c.Y + 4, c.ContentWidth, 12), XStringFormats.TopRight);
        c.Text("ChestScreener · chest CT triage report", f.Title);
        c.Text($"{Path.GetFileName(r.Input.TrimEnd('/', '\\'))}   ·   study {Short(r.StudyUid)}   ·   series {Short(r.SeriesUid)}", f.Small, XBrushes.DimGray);
        c.Y += 4;
        c.Rule();
        c.Y += 4;
    }

    private static void Verdict(PdfCanvas c, Fonts f, StudyArtifacts a)
    {
        var r = a.Result;
        bool pathology = r.Verdict == Results.Verdict.Pathology;
        var (fill, ink) = pathology ? (XColor.FromArgb(253, 236, 234), XColor.FromArgb(183, 28, 28)) : (XColor.FromArgb(232, 245, 233), XColor.FromArgb(27, 94, 32));
        var headline = pathology ? "NEEDS A RADIOLOGIST FIRST · pathology suspected" : "NO ANOMALY ABOVE THE LIMIT · routine reading order";
        var findings = r.Findings ?? [];
        var line2 = $"Probability of pathology {Percent(r.ProbabilityOfPathology ?? 0)}    ·    anomalous volume {Volume(r.AnomalousVolumeMm3 ?? 0)} (limit {Volume(a.VolumeLimitMm3)})    ·    {findings.Count} finding{(findings.Count == 1 ? "" : "s")}";
        string? line3 = findings.Count > 0
            ? $"Top finding: #1 {RegionNames.Pretty(findings[0].Region)}, {Volume(Anomalous(findings[0]))}{Diameter(findings[0])}, slices {Slices(findings[0])}, centre {Point(findings[0].CenterMmLps)} mm (LPS)"
              + (Breakdown(r) is { } sum ? $"\n{sum}" : "")
            : null;

        double pad = 9, inner = c.ContentWidth - 2 * pad;
        double h = c.Measure(headline, f.Verdict, inner) + c.Measure(line2, f.Body, inner) + (line3 is null ? 0 : c.Measure(line3, f.Body, inner)) + 2 * pad + 3;
        c.Need(h);
        var box = new XRect(c.Left, c.Y, c.ContentWidth, h);
        c.Gfx.DrawRectangle(new XPen(ink, 1.2), new XSolidBrush(fill), box);
        double y0 = c.Y;
        c.Y += pad;
        var brush = new XSolidBrush(ink);
        c.Text(headline, f.Verdict, brush, c.Left + pad, inner);
        c.Y += 3;
        c.Text(line2, f.Body, XBrushes.Black, c.Left + pad, inner);
        if (line3 is not null) c.Text(line3, f.Body, XBrushes.Black, c.Left + pad, inner);
        c.Y = y0 + h + 3;
        // What the verdict speaks for: a normal verdict says nothing about the regions that were not scored.
        if (r.Scored is { } scored) c.Text(scored.Description, f.Small, XBrushes.DimGray);
        c.Y += 9;
    }

    private static void FindingsTable(PdfCanvas c, Fonts f, StudyResult r)
    {
        var findings = r.Findings ?? [];
        c.Need(40);
        c.Text("Findings", f.Heading);
        c.Y += 2;
        if (findings.Count == 0)
        {
            c.Text("No connected region scored above the voxel threshold with a volume above the speck limit.", f.Body);
            c.Y += 10;
            return;
        }
        string[] head = ["#", "Region (tissue labels inside)", "Anomalous volume", "Longest, slices", "Box, LPS mm (outer edges)", "Voxels (column, row, slice)"];
        double[] widths = [18, 150, 58, 50, 135, 0];
        widths[^1] = c.ContentWidth - widths[..^1].Sum();
        Row(c, f.TableHead, head, widths, XColor.FromArgb(236, 239, 241));
        int shown = Math.Min(findings.Count, MaxTableRows);
        for (int i = 0; i < shown; i++)
        {
            var x = findings[i];
            var shares = string.Join(", ", x.Regions.Where(s => s.Fraction >= 0.01).Take(3).Select(s => $"{s.Fraction * 100:0}% {s.Name.Replace('_', ' ')}"));
            var b = x.BboxMmLps;
            string[] cells =
            [
                x.Id.ToString(Inv),
                $"{RegionNames.Pretty(x.Region)}\n{shares}",
                $"{Volume(Anomalous(x))}\nmax score {x.MaxScore.ToString("0.00", Inv)}",
                $"{(x.LongestDiameterMm is { } d ? d.ToString("0", Inv) + " mm" : "—")}\nslices {Slices(x)}",
                $"x {N(b.Min[0])} … {N(b.Max[0])}\ny {N(b.Min[1])} … {N(b.Max[1])}\nz {N(b.Min[2])} … {N(b.Max[2])}",
                $"{x.BboxVoxel.Min[0]}–{x.BboxVoxel.Max[0]}, {x.BboxVoxel.Min[1]}–{x.BboxVoxel.Max[1]}, {x.BboxVoxel.Min[2]}–{x.BboxVoxel.Max[2]}",
            ];
            Row(c, f.Table, cells, widths, i % 2 == 1 ? XColor.FromArgb(250, 250, 250) : XColors.White);
        }
        if (findings.Count > shown) c.Text($"… and {findings.Count - shown} smaller findings (all are listed in result.json).", f.Small, XBrushes.DimGray);
        c.Y += 10;
    }

    private static void Row(PdfCanvas c, XFont font, string[] cells, double[] widths, XColor background)
    {
        const double pad = 3;
        double h = 0;
        for (int i = 0; i < cells.Length; i++) h = Math.Max(h, c.Measure(cells[i], font, widths[i] - 2 * pad));
        h += 2 * pad;
        c.Need(h);
        c.Gfx.DrawRectangle(new XSolidBrush(background), c.Left, c.Y, c.ContentWidth, h);
        c.Gfx.DrawLine(new XPen(XColors.LightGray, 0.5), c.Left, c.Y + h, c.Left + c.ContentWidth, c.Y + h);
        double x = c.Left, y0 = c.Y;
        for (int i = 0; i < cells.Length; i++)
        {
            c.Y = y0 + pad;
            c.Text(cells[i], font, XBrushes.Black, x + pad, widths[i] - 2 * pad, move: false);
            x += widths[i];
        }
        c.Y = y0 + h;
    }

    private static void KeyImagesSection(PdfCanvas c, Fonts f, StudyArtifacts a)
    {
        if (a.Ct is null) return;
        var renderer = new SliceRenderer(a.Ct.Hu);
        var findings = a.Result.Findings ?? [];
        double gap = 10, w = (c.ContentWidth - gap) / 2;
        if (findings.Count == 0)
        {
            using var overview = KeyImages.Overview(renderer, a);
            double h = Math.Min(300, w * 2 * overview.Height / overview.Width);
            c.Need(h + 30);
            c.Text("Coronal overview (lung window, regions tinted)", f.Heading);
            c.Image(SliceRenderer.EncodePng(overview), c.Left, c.Y, h * overview.Width / overview.Height, h);
            c.Y += h + 12;
            return;
        }
        c.Need(60);
        c.Text("Key images", f.Heading);
        c.Text("Lung window (W 1500 / L −600). Findings outlined in green, the finding's box in blue and numbered. Patient right on the image left; head at the top of coronal images.", f.Small, XBrushes.DimGray);
        c.Y += 4;
        for (int i = 0; i < findings.Count && i < MaxImagedFindings; i++)
        {
            var x = findings[i];
            using var axial = KeyImages.Finding(renderer, a, x, SlicePlane.Axial);
            using var coronal = KeyImages.Finding(renderer, a, x, SlicePlane.Coronal);
            double ha = w * axial.Height / axial.Width, hc = w * coronal.Height / coronal.Width;
            double h = Math.Min(225, Math.Max(ha, hc));
            c.Need(h + 28);
            c.Text($"Finding {x.Id} · {RegionNames.Pretty(x.Region)} · {Volume(Anomalous(x))}{Diameter(x)} · slices {Slices(x)} · max score {x.MaxScore.ToString("0.00", Inv)}", f.TableHead);
            c.Y += 2;
            DrawFitted(c, axial, c.Left, c.Y, w, h);
            DrawFitted(c, coronal, c.Left + w + gap, c.Y, w, h);
            c.Y += h + 2;
            c.Gfx.DrawString("axial", f.Small, XBrushes.DimGray, new XRect(c.Left, c.Y, w, 10), XStringFormats.TopCenter);
            c.Gfx.DrawString("coronal", f.Small, XBrushes.DimGray, new XRect(c.Left + w + gap, c.Y, w, 10), XStringFormats.TopCenter);
            c.Y += 16;
        }
        if (findings.Count > MaxImagedFindings) c.Text($"Images of the other {findings.Count - MaxImagedFindings} findings: use the overlay PNGs or findings.nii.gz.", f.Small, XBrushes.DimGray);
        c.Y += 6;
    }

    private static void DrawFitted(PdfCanvas c, SkiaSharp.SKBitmap bitmap, double x, double y, double w, double h)
    {
        double scale = Math.Min(w / bitmap.Width, h / bitmap.Height);
        double dw = bitmap.Width * scale, dh = bitmap.Height * scale;
        c.Gfx.DrawRectangle(XBrushes.Black, x, y, w, h);
        c.Image(SliceRenderer.EncodePng(bitmap), x + (w - dw) / 2, y + (h - dh) / 2, dw, dh);
    }

    private static void Facts(PdfCanvas c, Fonts f, StudyArtifacts a)
    {
        var r = a.Result;
        var rows = new List<(string, string)>();
        if (a.Ct is { } ct)
        {
            var g = ct.Geometry;
            var info = ct.Info;
            rows.Add(("Input", r.Input));
            rows.Add(("Study / series UID", $"{r.StudyUid}\n{r.SeriesUid}"));
            rows.Add(("Scan", Join(info.Modality, info.Manufacturer, info.SeriesDescription, info.ConvolutionKernel.Length > 0 ? "kernel " + info.ConvolutionKernel : "",
                info.SliceThicknessMm > 0 ? $"{info.SliceThicknessMm.ToString("0.##", Inv)} mm slices" : "")));
            rows.Add(("Grid", $"{g.SizeX} × {g.SizeY} × {g.SizeZ} voxels, {g.Spacing.X.ToString("0.###", Inv)} × {g.Spacing.Y.ToString("0.###", Inv)} × {g.Spacing.Z.ToString("0.###", Inv)} mm{(g.IsOrthogonal() ? "" : " (tilted grid)")}"));
        }
        if (r.Model is { } m) rows.Add(("Model", $"{m.Name} {m.Version}; voxel threshold {a.VoxelThreshold.ToString("0.##", Inv)}, pathology above {Volume(a.VolumeLimitMm3)} anomalous volume"));
        if (r.Anatomy is { } an)
        {
            rows.Add(("Lungs", $"right {an.LungVolumeMl.Right.ToString("0", Inv)} ml, left {an.LungVolumeMl.Left.ToString("0", Inv)} ml"));
            if (an.Checks.Count > 0) rows.Add(("Chest checks", string.Join("; ", an.Checks)));
        }
        if (r.TimingS.Count > 0) rows.Add(("Processing (s)", string.Join(", ", r.TimingS.Select(t => $"{t.Key} {t.Value.ToString("0.0", Inv)}"))));
        if (r.Warnings.Count > 0) rows.Add(("Warnings", string.Join("\n", r.Warnings)));

        c.Need(60);
        c.Text("Scan and model", f.Heading);
        c.Y += 2;
        double[] widths = [110, c.ContentWidth - 110];
        foreach (var (k, v) in rows) Row(c, f.Table, [k, v], widths, XColors.White);
    }

    private static void Footer(PdfCanvas c, Fonts f)
    {
        double y = c.PageHeight - PdfCanvas.Margin - 34;
        c.Gfx.DrawLine(new XPen(XColors.Gray, 0.5), c.Left, y - 3, c.Left + c.ContentWidth, y - 3);
        var saved = c.Y;
        c.Y = y;
        c.Text(Disclaimer, f.Small, XBrushes.DimGray, c.Left, c.ContentWidth - 50);
        c.Y = saved;
        c.Gfx.DrawString($"page {c.PageCount}", f.Small, XBrushes.DimGray, new XRect(c.Left, y, c.ContentWidth, 10), XStringFormats.TopRight);
    }

    private static string Percent(double p) => p < 0.01 ? "< 1%" : p > 0.99 ? "> 99%" : (p * 100).ToString("0", Inv) + "%";

    /// <summary>Every volume of the report in ml, formatted as the viewer formats it (2 decimals under 10 ml).</summary>
    internal static string Volume(double mm3) => (mm3 / 1000).ToString(mm3 < 10_000 ? "0.00" : "0.0", Inv) + " ml";

    /// <summary>A finding's volume as the study's anomalous volume measures it (older results: its extent).</summary>
    private static double Anomalous(Finding f) => f.AnomalousVolumeMm3 ?? f.VolumeMm3;

    private static string Diameter(Finding f) => f.LongestDiameterMm is { } d ? $", {d.ToString("0", Inv)} mm longest" : "";

    /// <summary>"anomalous volume = #1 a + #2 b + c outside listed findings", the sum rule in words (null for older results).</summary>
    internal static string? Breakdown(StudyResult r)
    {
        var findings = r.Findings ?? [];
        if (findings.Count == 0 || findings.Any(f => f.AnomalousVolumeMm3 is null)) return null;
        var parts = findings.Take(6).Select(f => $"#{f.Id} {Volume(f.AnomalousVolumeMm3!.Value)}").ToList();
        if (findings.Count > 6) parts.Add($"{findings.Count - 6} more {Volume(findings.Skip(6).Sum(f => f.AnomalousVolumeMm3!.Value))}");
        if (r.OtherAnomalousVolumeMm3 is > 0 and var other) parts.Add($"{Volume(other)} outside listed findings");
        return $"Anomalous volume {Volume(r.AnomalousVolumeMm3 ?? 0)} = {string.Join(" + ", parts)}";
    }

    private static string Slices(Finding f) => f.SliceRange is [var a, var b] ? (a == b ? $"{a}" : $"{a}–{b}") : "—";

    private static string N(double v) => v.ToString("0.0", Inv);

    private static string Point(double[] p) => $"({N(p[0])}, {N(p[1])}, {N(p[2])})";

    private static string Short(string uid) => uid.Length == 0 ? "—" : uid.Length > 28 ? "…" + uid[^24..] : uid;

    private static string Join(params string[] parts) => string.Join(", ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    /// <summary>The report's few type sizes.</summary>
    private sealed class Fonts
    {
        public XFont Title { get; } = new(DejaVuFontResolver.Family, 15, XFontStyleEx.Bold);
        public XFont Verdict { get; } = new(DejaVuFontResolver.Family, 13, XFontStyleEx.Bold);
        public XFont Heading { get; } = new(DejaVuFontResolver.Family, 11, XFontStyleEx.Bold);
        public XFont Body { get; } = new(DejaVuFontResolver.Family, 9.5, XFontStyleEx.Regular);
        public XFont Table { get; } = new(DejaVuFontResolver.Family, 8, XFontStyleEx.Regular);
        public XFont TableHead { get; } = new(DejaVuFontResolver.Family, 8.5, XFontStyleEx.Bold);
        public XFont Small { get; } = new(DejaVuFontResolver.Family, 7, XFontStyleEx.Regular);
    }
}
