using System.Globalization;
using ChestScreener.Reports.Images;
using ChestScreener.Results;
using SkiaSharp;

namespace ChestScreener.Reports.Dicom;

/// <summary>
/// Makes a rendered key image readable on a PACS workstation, where it is seen without the report around it: enlarged to at
/// least <see cref="MinWidth"/> pixels, each boxed finding numbered in a large badge, orientation letters on the four edges
/// (from the image's Patient Orientation, so they cannot disagree with it), and a legend band below the image saying what the
/// plane, the outline, the box and the heat mean, with each finding's region and volume.
/// </summary>
public static class KeyImageAnnotator
{
    /// <summary>Images narrower than this are scaled up first: text on a 64-pixel image cannot be read.</summary>
    public const int MinWidth = 512;

    /// <summary>A boxed finding on the image: its number and box in the rendered (unscaled) image's pixels.</summary>
    public sealed record Box(SKRect Rect, Finding Finding);

    /// <summary>Returns the annotated copy (the caller disposes both).</summary>
    /// <param name="orientation">Patient Orientation of the rows and columns, e.g. "L\P" (axial) or "L\F" (coronal).</param>
    /// <param name="title">First legend line: what plane this is.</param>
    /// <param name="heat">Whether scores are drawn as heat (the overview).</param>
    public static SKBitmap Annotate(SKBitmap image, string orientation, string title, IReadOnlyList<Box> boxes, bool heat)
    {
        float scale = image.Width >= MinWidth ? 1f : MathF.Ceiling(MinWidth / (float)image.Width);
        int w = (int)(image.Width * scale), h = (int)(image.Height * scale);
        float text = MathF.Round(w / 30f);                        // 17 px at 512: legible at a PACS's fit-to-window size
        using var bold = SKTypeface.FromFamilyName("DejaVu Sans", SKFontStyle.Bold) ?? SKTypeface.Default;
        using var regular = SKTypeface.FromFamilyName("DejaVu Sans", SKFontStyle.Normal) ?? SKTypeface.Default;
        using var legendFont = new SKFont(regular, text);
        var legend = LegendLines(title, boxes, heat).SelectMany(l => Wrap(l.Text, legendFont, w - text).Select(t => (Text: t, l.Colour))).ToList();
        int band = (int)(text * 1.35f * legend.Count + text * 0.8f);
        var result = new SKBitmap(new SKImageInfo(w, h + band, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(result);
        canvas.Clear(SKColors.Black);
        using (var scaled = SKImage.FromBitmap(image))
            canvas.DrawImage(scaled, new SKRect(0, 0, w, h), new SKSamplingOptions(SKFilterMode.Linear));

        using var badgeFont = new SKFont(bold, text * 1.3f);
        using var markerFont = new SKFont(bold, text * 1.5f);
        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var shadow = new SKPaint { Color = new SKColor(0, 0, 0, 200), IsAntialias = true };
        using var badgeFill = new SKPaint { Color = KeyImages.BoxColor, IsAntialias = true };
        using var black = new SKPaint { Color = SKColors.Black, IsAntialias = true };

        foreach (var b in boxes)
        {
            var r = new SKRect(b.Rect.Left * scale, b.Rect.Top * scale, b.Rect.Right * scale, b.Rect.Bottom * scale);
            var label = b.Finding.Id.ToString(CultureInfo.InvariantCulture);
            float bw = badgeFont.MeasureText(label) + text * 0.7f, bh = badgeFont.Size * 1.25f;
            // Above-left of the box (where the renderer's small number was), kept inside the image.
            float x = Math.Clamp(r.Left - 3 * scale, 0, w - bw), y = Math.Clamp(r.Top - 3 * scale - bh - 2, 0, h - bh);
            var badge = new SKRect(x, y, x + bw, y + bh);
            canvas.DrawRoundRect(badge, bh * 0.2f, bh * 0.2f, badgeFill);
            canvas.DrawText(label, badge.MidX, badge.Bottom - bh * 0.22f, SKTextAlign.Center, badgeFont, black);
        }

        var (left, right, top, bottom) = Markers(orientation);
        float m = markerFont.Size;
        Marker(canvas, left, m * 0.6f, h / 2f + m / 2.5f, SKTextAlign.Center, markerFont, white, shadow);
        Marker(canvas, right, w - m * 0.6f, h / 2f + m / 2.5f, SKTextAlign.Center, markerFont, white, shadow);
        Marker(canvas, top, w / 2f, m * 1.05f, SKTextAlign.Center, markerFont, white, shadow);
        Marker(canvas, bottom, w / 2f, h - m * 0.35f, SKTextAlign.Center, markerFont, white, shadow);

        float line = h + text * 1.3f;
        foreach (var (s, colour) in legend)
        {
            using var paint = new SKPaint { Color = colour, IsAntialias = true };
            canvas.DrawText(s, text * 0.5f, line, SKTextAlign.Left, legendFont, paint);
            line += text * 1.35f;
        }
        return result;
    }

    /// <summary>
    /// The letters at the left, right, top and bottom edges: the row direction (first value of Patient Orientation) points to
    /// the right edge, the column direction (second value) to the bottom; the opposite edges get the opposite letters.
    /// </summary>
    public static (string Left, string Right, string Top, string Bottom) Markers(string patientOrientation)
    {
        var parts = patientOrientation.Split('\\');
        if (parts.Length != 2) throw new ArgumentException($"Patient Orientation needs two values, not '{patientOrientation}'");
        return (Opposite(parts[0]), parts[0], Opposite(parts[1]), parts[1]);
    }

    private static string Opposite(string direction) => string.Concat(direction.Select(c => c switch
    {
        'L' => 'R', 'R' => 'L', 'A' => 'P', 'P' => 'A', 'H' => 'F', 'F' => 'H',
        _ => throw new ArgumentException($"'{direction}' is not a patient direction (L, R, A, P, H, F)"),
    }));

    private static List<(string Text, SKColor Colour)> LegendLines(string title, IReadOnlyList<Box> boxes, bool heat)
    {
        var lines = new List<(string, SKColor)> { (title, SKColors.White) };
        foreach (var b in boxes.Take(3))
        {
            var f = b.Finding;
            lines.Add((string.Create(CultureInfo.InvariantCulture,
                $"#{f.Id}  {RegionNames.Pretty(f.Region)}, {Ml(f.VolumeMm3)}, max score {f.MaxScore:0.00}"), KeyImages.BoxColor));
        }
        if (boxes.Count > 3) lines.Add(($"+ {boxes.Count - 3} more finding(s) boxed; all are listed in the SR", KeyImages.BoxColor));
        lines.Add(("Green outline: finding voxels. Blue box and number: the finding as numbered in the SR.", KeyImages.OutlineColor));
        if (heat)
        {
            lines.Add(("Heat: anomaly score above the voxel threshold (yellow) to 1 (red)", new SKColor(255, 200, 0)));
            lines.Add(("Faint tints: anatomical regions (lungs by zone, mediastinum, chest wall)", new SKColor(200, 170, 230)));
        }
        lines.Add(("ChestScreener triage aid, not a diagnosis", new SKColor(170, 170, 170)));
        return lines;
    }

    /// <summary>Millilitres, as the viewer, PDF and SR give volumes.</summary>
    public static string Ml(double mm3) => (mm3 / 1000).ToString(mm3 < 10_000 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ml";

    // Word wrap: a legend line never runs off the image (a cut-off legend is no legend).
    private static List<string> Wrap(string s, SKFont font, float width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in s.Split(' '))
        {
            var next = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && font.MeasureText(next) > width) { lines.Add(current); current = "   " + word; }
            else current = next;
        }
        lines.Add(current);
        return lines;
    }

    private static void Marker(SKCanvas canvas, string text, float x, float y, SKTextAlign align, SKFont font, SKPaint fill, SKPaint shadow)
    {
        canvas.DrawText(text, x + 2, y + 2, align, font, shadow);
        canvas.DrawText(text, x, y, align, font, fill);
    }
}
