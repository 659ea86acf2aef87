using ChestScreener.Imaging;
using SkiaSharp;

namespace ChestScreener.Training.Evaluation;

/// <summary>Axial PNG: CT in lung window, anomaly score above 0.3 as a red-to-yellow overlay, boxes as green outlines.</summary>
public static class OverlayPainter
{
    public static void Write(string path, CtVolume ct, Volume<float> score, int z, IEnumerable<(int X0, int Y0, int X1, int Y1)> boxes, string caption)
    {
        var g = ct.Geometry;
        int nx = g.SizeX, ny = g.SizeY;
        // Square pixels: stretch rows by the in-plane spacing ratio.
        double aspect = g.Spacing.Y / g.Spacing.X;
        int h = (int)Math.Round(ny * aspect);
        using var bmp = new SKBitmap(nx, ny, SKColorType.Rgba8888, SKAlphaType.Premul);
        for (int y = 0; y < ny; y++)
            for (int x = 0; x < nx; x++)
            {
                long i = ((long)z * ny + y) * nx + x;
                double hu = ct.Hu.Data[i];
                byte gray = (byte)Math.Clamp((hu + 1350) / 1500 * 255, 0, 255); // lung window: level -600, width 1500
                float s = score.Data[i];
                byte r = gray, gg = gray, b = gray;
                if (s > 0.3f)
                {
                    float a = Math.Clamp((s - 0.3f) / 0.4f, 0, 1) * 0.65f;
                    float t = Math.Clamp((s - 0.5f) / 0.5f, 0, 1);
                    byte cr = 255, cg = (byte)(255 * t), cb = 0;
                    r = (byte)(gray * (1 - a) + cr * a); gg = (byte)(gray * (1 - a) + cg * a); b = (byte)(gray * (1 - a) + cb * a);
                }
                bmp.SetPixel(x, y, new SKColor(r, gg, b));
            }
        using var surface = SKSurface.Create(new SKImageInfo(nx, h + 24));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Black);
        using (var img = SKImage.FromBitmap(bmp)) canvas.DrawImage(img, new SKRect(0, 0, nx, h), new SKSamplingOptions(SKFilterMode.Linear));
        using var stroke = new SKPaint { Color = SKColors.LimeGreen, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, IsAntialias = true };
        foreach (var (x0, y0, x1, y1) in boxes)
            canvas.DrawRect(new SKRect(x0, (float)(y0 * aspect), x1, (float)(y1 * aspect)), stroke);
        using var font = new SKFont(SKTypeface.Default, 13);
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawText(caption, 4, h + 17, SKTextAlign.Left, font, text);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 90);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
