using System.Globalization;
using ChestScreener.Evaluation.Metrics;
using ChestScreener.Reports.Images;
using ChestScreener.Results;
using SkiaSharp;

namespace ChestScreener.Evaluation.Eval;

/// <summary>The two pictures of an evaluation (SkiaSharp, PNG): the study-level ROC curve and the anomalous volume of every study by group against the shipped limit.</summary>
public static class EvalPlots
{
    private const int Size = 520, Margin = 60;
    private static readonly SKColor Axis = new(40, 40, 40), Grid = new(225, 225, 225), Curve = new(200, 40, 40), Normal = new(30, 110, 200), Lesion = new(210, 60, 40);

    public static void WriteRoc(string path, IReadOnlyList<StudyOutcome> outcomes, EvalReport report)
    {
        var chest = outcomes.Where(s => s.Label is "normal" or "pathology").ToList();
        var points = Roc.Curve(chest.Select(EvalSummary.StudyScore).ToArray(), chest.Select(s => s.Label == "pathology").ToArray());
        using var bitmap = new SKBitmap(Size, Size);
        using var c = new SKCanvas(bitmap);
        c.Clear(SKColors.White);
        using var font = Font(14);
        using var small = Font(12);
        float plot = Size - 2 * Margin;
        SKPoint P(double fpr, double tpr) => new((float)(Margin + fpr * plot), (float)(Size - Margin - tpr * plot));
        using var grid = new SKPaint { Color = Grid, StrokeWidth = 1 };
        using var axis = new SKPaint { Color = Axis, StrokeWidth = 1.5f, IsStroke = true, IsAntialias = true };
        using var ink = new SKPaint { Color = Axis, IsAntialias = true };
        for (int i = 0; i <= 10; i++)
        {
            float t = i / 10f;
            c.DrawLine(P(t, 0), P(t, 1), grid);
            c.DrawLine(P(0, t), P(1, t), grid);
            if (i % 2 == 0)
            {
                c.DrawText(t.ToString("0.0", CultureInfo.InvariantCulture), P(t, 0).X, Size - Margin + 18, SKTextAlign.Center, small, ink);
                c.DrawText(t.ToString("0.0", CultureInfo.InvariantCulture), Margin - 8, P(0, t).Y + 4, SKTextAlign.Right, small, ink);
            }
        }
        c.DrawRect(Margin, Margin, plot, plot, axis);
        using var dash = new SKPaint { Color = new SKColor(150, 150, 150), StrokeWidth = 1, IsStroke = true, PathEffect = SKPathEffect.CreateDash([6, 4], 0) };
        c.DrawLine(P(0, 0), P(1, 1), dash);
        using var line = new SKPaint { Color = Curve, StrokeWidth = 2.5f, IsStroke = true, IsAntialias = true };
        // Segments between points (ties move diagonally, as the trapezoid AUROC counts them).
        for (int i = 1; i < points.Count; i++)
            c.DrawLine(P(points[i - 1].FalsePositiveRate, points[i - 1].TruePositiveRate), P(points[i].FalsePositiveRate, points[i].TruePositiveRate), line);
        using var dot = new SKPaint { Color = Normal, IsAntialias = true };
        var op = report.Shipped;
        c.DrawCircle(P(1 - op.Specificity, op.Sensitivity), 6, dot);
        c.DrawText("1 - specificity", Size / 2f, Size - 18, SKTextAlign.Center, font, ink);
        c.Save();
        c.RotateDegrees(-90, 18, Size / 2f);
        c.DrawText("sensitivity", 18, Size / 2f + 5, SKTextAlign.Center, font, ink);
        c.Restore();
        var auc = report.StudyAuc;
        string title = auc is null ? "study-level ROC (one class only)" :
            string.Create(CultureInfo.InvariantCulture, $"study-level ROC: AUROC {auc.Estimate:0.000} (95% CI {auc.Lower:0.000}-{auc.Upper:0.000})");
        c.DrawText(title, Size / 2f, 28, SKTextAlign.Center, font, ink);
        c.DrawText(string.Create(CultureInfo.InvariantCulture, $"{report.Pathologies} lesion vs {report.Normals} normal studies; dot = shipped limit {report.ShippedVolumeLimitMm3:0} mm3"),
            Size / 2f, 46, SKTextAlign.Center, small, ink);
        SliceRenderer.SavePng(bitmap, path);
    }

    public static void WriteScores(string path, IReadOnlyList<StudyOutcome> outcomes, double limitMm3)
    {
        var chest = outcomes.Where(s => s.Label is "normal" or "pathology").ToList();
        var groups = chest.Select(s => s.Label == "normal" ? "normal" : s.Kind).Distinct().OrderBy(g => g == "normal" ? "" : g).ToList();
        int width = Math.Max(Size, Margin * 2 + groups.Count * 70) + 80; // room for the last slanted label
        using var bitmap = new SKBitmap(width, Size + 60);
        using var c = new SKCanvas(bitmap);
        c.Clear(SKColors.White);
        using var font = Font(14);
        using var small = Font(11);
        using var ink = new SKPaint { Color = Axis, IsAntialias = true };
        using var grid = new SKPaint { Color = Grid, StrokeWidth = 1 };
        double vmax = Math.Max(limitMm3 * 10, chest.Where(s => s.Status == ResultStatus.Ok).Select(s => s.AnomalousVolumeMm3 ?? 0).DefaultIfEmpty(0).Max() * 1.5);
        double top = Math.Ceiling(Math.Log10(vmax + 1));
        float plotH = Size - 2 * Margin;
        float Y(double v) => (float)(Size - Margin - Math.Log10(Math.Max(0, v) + 1) / top * plotH);
        for (int e = 0; e <= top; e++)
        {
            double v = Math.Pow(10, e) - 1;
            c.DrawLine(Margin, Y(v), width - 20, Y(v), grid);
            c.DrawText(e == 0 ? "0" : "1e" + e.ToString(CultureInfo.InvariantCulture), Margin - 6, Y(v) + 4, SKTextAlign.Right, small, ink);
        }
        using var limit = new SKPaint { Color = new SKColor(0, 150, 0), StrokeWidth = 2, PathEffect = SKPathEffect.CreateDash([8, 4], 0) };
        c.DrawLine(Margin, Y(limitMm3), width - 20, Y(limitMm3), limit);
        c.DrawText(string.Create(CultureInfo.InvariantCulture, $"shipped limit {limitMm3:0} mm3"), width - 24, Y(limitMm3) - 5, SKTextAlign.Right, small, ink);
        float step = (width - Margin - 20f) / groups.Count;
        using var normal = new SKPaint { Color = Normal, IsAntialias = true };
        using var lesion = new SKPaint { Color = Lesion, IsAntialias = true };
        using var rejected = new SKPaint { Color = new SKColor(120, 120, 120), IsAntialias = true, IsStroke = true, StrokeWidth = 2 };
        for (int gi = 0; gi < groups.Count; gi++)
        {
            float x = Margin + step * (gi + 0.5f);
            var members = chest.Where(s => (s.Label == "normal" ? "normal" : s.Kind) == groups[gi]).ToList();
            for (int k = 0; k < members.Count; k++)
            {
                var s = members[k];
                float jitter = (k - (members.Count - 1) / 2f) * 7;
                if (s.Status != ResultStatus.Ok) { c.DrawCircle(x + jitter, Margin - 10, 5, rejected); continue; }
                c.DrawCircle(x + jitter, Y(s.AnomalousVolumeMm3 ?? 0), 5, s.Label == "normal" ? normal : lesion);
            }
            c.Save();
            c.RotateDegrees(30, x, Size - Margin + 14);
            c.DrawText(groups[gi].Replace('_', ' '), x, Size - Margin + 14, SKTextAlign.Left, small, ink);
            c.Restore();
        }
        c.DrawText("anomalous volume per study (mm3, log scale); grey rings above the plot: not scored (rejected)", width / 2f, 24, SKTextAlign.Center, font, ink);
        SliceRenderer.SavePng(bitmap, path);
    }

    private static SKFont Font(float size) => new(SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default, size);
}
