using ChestScreener.Imaging;
using ChestScreener.Reports.Images;
using SkiaSharp;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// A small lung-window picture of an inserted lesion for review: the axial slice with the most lesion voxels, cropped
/// around the lesion, shown plain (left) and with the truth mask outlined (right).
/// </summary>
public static class LesionPreview
{
    public static void Write(string path, Volume<short> hu, InsertedLesion lesion, int panelPixels = 256)
    {
        var g = hu.Geometry;
        int best = lesion.BoxMin[2], bestCount = -1;
        for (int z = lesion.BoxMin[2]; z <= lesion.BoxMax[2]; z++)
        {
            var s = lesion.Mask.Slice(z);
            int c = s.Length - System.MemoryExtensions.Count(s, (byte)0);
            if (c > bestCount) { bestCount = c; best = z; }
        }
        var renderer = new SliceRenderer(hu);
        using var plain = renderer.Render(SlicePlane.Axial, best, WindowPreset.Lung);
        using var outlined = renderer.Render(SlicePlane.Axial, best, WindowPreset.Lung);
        renderer.DrawOutline(outlined, SlicePlane.Axial, best, lesion.Mask, 1, new SKColor(255, 200, 0));

        // Crop around the lesion as it appears on this slice (a multifocal lesion's 3-D box may span the whole chest).
        int[] min = [int.MaxValue, int.MaxValue, best], max = [-1, -1, best];
        var slice = lesion.Mask.Slice(best);
        for (int y = 0; y < g.SizeY; y++)
            for (int x = 0; x < g.SizeX; x++)
                if (slice[y * g.SizeX + x] != 0)
                {
                    min[0] = Math.Min(min[0], x); max[0] = Math.Max(max[0], x);
                    min[1] = Math.Min(min[1], y); max[1] = Math.Max(max[1], y);
                }
        var box = renderer.BoxOnPlane(SlicePlane.Axial, min, max);
        double pixelMm = Math.Min(g.Spacing.X, g.Spacing.Y);
        float side = Math.Max(Math.Max(box.Width, box.Height) * 1.6f, (float)(60 / pixelMm));
        side = Math.Min(side, Math.Max(plain.Width, plain.Height));
        float cx = box.MidX, cy = box.MidY;
        var crop = new SKRect(cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2);
        crop.Offset(Math.Max(0, -crop.Left) - Math.Max(0, crop.Right - plain.Width), Math.Max(0, -crop.Top) - Math.Max(0, crop.Bottom - plain.Height));

        using var output = new SKBitmap(panelPixels * 2 + 4, panelPixels);
        using (var canvas = new SKCanvas(output))
        {
            canvas.Clear(SKColors.Black);
            using var paint = new SKPaint();
            var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);
            using var a = SKImage.FromBitmap(plain);
            using var b = SKImage.FromBitmap(outlined);
            canvas.DrawImage(a, crop, new SKRect(0, 0, panelPixels, panelPixels), sampling, paint);
            canvas.DrawImage(b, crop, new SKRect(panelPixels + 4, 0, panelPixels * 2 + 4, panelPixels), sampling, paint);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        SliceRenderer.SavePng(output, path);
    }
}
