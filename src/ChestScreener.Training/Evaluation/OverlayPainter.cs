using ChestScreener.Imaging;
using SkiaSharp;

namespace ChestScreener.Training.Evaluation;

/// <summary>
/// Axial PNG in radiological view (anterior at the top, patient right on the image left, whatever order the voxels are
/// stored in): CT in lung window, anomaly score above 0.3 as a red-to-yellow overlay, boxes as green outlines.
/// </summary>
public static class OverlayPainter
{
    public static void Write(string path, CtVolume ct, Volume<float> score, int z, IEnumerable<(int X0, int Y0, int X1, int Y1)> boxes, string caption)
    {
        var g = ct.Geometry;
        int nx = g.SizeX, ny = g.SizeY;
        // Square pixels: stretch rows by the in-plane spacing ratio.
        double aspect = g.Spacing.Y / g.Spacing.X;
        int h = (int)Math.Round(ny * aspect);
        // Columns run towards the patient's left and rows towards posterior on screen; flip storage axes that do not.
        bool flipX = g.AxisX.X < 0, flipY = g.AxisY.Y < 0;
        int Col(int x) => flipX ? nx - 1 - x : x;
        int Row(int y) => flipY ? ny - 1 - y : y;
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
                bmp.SetPixel(Col(x), Row(y), new SKColor(r, gg, b));
            }
        using var surface = SKSurface.Create(new SKImageInfo(nx, h + 24));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Black);
        using (var img = SKImage.FromBitmap(bmp)) canvas.DrawImage(img, new SKRect(0, 0, nx, h), new SKSamplingOptions(SKFilterMode.Linear));
        using var stroke = new SKPaint { Color = SKColors.LimeGreen, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, IsAntialias = true };
        foreach (var (x0, y0, x1, y1) in boxes)
        {
            int c0 = Math.Min(Col(x0), Col(x1)), c1 = Math.Max(Col(x0), Col(x1)), r0 = Math.Min(Row(y0), Row(y1)), r1 = Math.Max(Row(y0), Row(y1));
            canvas.DrawRect(new SKRect(c0, (float)(r0 * aspect), c1, (float)(r1 * aspect)), stroke);
        }
        using var font = new SKFont(SKTypeface.Default, 13);
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        canvas.DrawText(caption, 4, h + 17, SKTextAlign.Left, font, text);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 90);
        using var file = File.Create(path);
        data.SaveTo(file);
    }
}
