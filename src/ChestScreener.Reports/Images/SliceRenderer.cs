using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using SkiaSharp;

namespace ChestScreener.Reports.Images;

/// <summary>
/// Draws one plane of a CT volume as a radiologist expects to see it: grey values through a window, optional label
/// colours or an anomaly heat map on top, and boxes. Pixels are resampled to square millimetres, and the picture is
/// oriented by the geometry (patient right on the image left, anterior up on axial, head up on coronal/sagittal),
/// whatever the storage order of the series.
/// </summary>
public sealed class SliceRenderer
{
    private readonly Volume<short> _hu;
    private readonly int[] _flip; // per axis: 1 if the index must run backwards to reach display order

    public SliceRenderer(Volume<short> hu)
    {
        _hu = hu;
        var g = hu.Geometry;
        // Display order: x left->right on screen = patient right->left = LPS +x; y top->bottom = anterior->posterior = LPS +y;
        // vertical on coronal/sagittal: head at top = LPS +z at the top.
        _flip = [g.AxisX.X < 0 ? 1 : 0, g.AxisY.Y < 0 ? 1 : 0, g.AxisZ.Z < 0 ? 1 : 0];
    }

    /// <summary>Renders a plane through voxel index <paramref name="index"/> (z for axial, y for coronal, x for sagittal).</summary>
    public SKBitmap Render(SlicePlane plane, int index, WindowPreset window, Volume<byte>? labels = null,
        IReadOnlyList<SKColor>? labelColors = null, Volume<float>? scores = null, float scoreThreshold = 0.5f, byte labelAlpha = 90)
    {
        var g = _hu.Geometry;
        var (uAxis, vAxis, wAxis) = Axes(plane);
        int nu = Size(g, uAxis), nv = Size(g, vAxis);
        index = Math.Clamp(index, 0, Size(g, wAxis) - 1);
        double su = g.Spacing[uAxis], sv = g.Spacing[vAxis];
        // Square pixels: the finer spacing sets the pixel size.
        double pixel = Math.Min(su, sv);
        int width = Math.Max(1, (int)Math.Round(nu * su / pixel));
        int height = Math.Max(1, (int)Math.Round(nv * sv / pixel));

        var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var pixels = new uint[width * height];
        double low = window.Low, scale = 255.0 / window.Width;
        Span<int> idx = stackalloc int[3];
        for (int py = 0; py < height; py++)
        {
            int v = Math.Min(nv - 1, (int)(py * pixel / sv));
            int vv = DisplayIndex(plane, vAxis, v, nv, vertical: true);
            for (int px = 0; px < width; px++)
            {
                int u = Math.Min(nu - 1, (int)(px * pixel / su));
                int uu = DisplayIndex(plane, uAxis, u, nu, vertical: false);
                idx[uAxis] = uu; idx[vAxis] = vv; idx[wAxis] = index;
                long i = g.Index(idx[0], idx[1], idx[2]);
                double grey = (_hu.Data[i] - low) * scale;
                byte gr = (byte)Math.Clamp(grey, 0, 255);
                int r = gr, gg = gr, b = gr;
                if (labels is not null && labelColors is not null)
                {
                    byte l = labels.Data[i];
                    if (l != 0 && l < labelColors.Count)
                    {
                        var c = labelColors[l];
                        r = Blend(r, c.Red, labelAlpha); gg = Blend(gg, c.Green, labelAlpha); b = Blend(b, c.Blue, labelAlpha);
                    }
                }
                if (scores is not null)
                {
                    float s = scores.Data[i];
                    if (s >= scoreThreshold)
                    {
                        var c = Heat(s);
                        byte a = (byte)(110 + 120 * Math.Clamp((s - scoreThreshold) / Math.Max(1e-3f, 1 - scoreThreshold), 0, 1));
                        r = Blend(r, c.Red, a); gg = Blend(gg, c.Green, a); b = Blend(b, c.Blue, a);
                    }
                }
                pixels[py * width + px] = (uint)(r | (gg << 8) | (b << 16) | (255 << 24));
            }
        }
        unsafe
        {
            fixed (uint* p = pixels)
            {
                Buffer.MemoryCopy(p, (void*)bitmap.GetPixels(), (long)width * height * 4, (long)width * height * 4);
            }
        }
        return bitmap;
    }

    /// <summary>Where a voxel-index box (inclusive) lands on a rendered plane, in bitmap pixels.</summary>
    public SKRect BoxOnPlane(SlicePlane plane, int[] min, int[] max)
    {
        var g = _hu.Geometry;
        var (uAxis, vAxis, _) = Axes(plane);
        double su = g.Spacing[uAxis], sv = g.Spacing[vAxis], pixel = Math.Min(su, sv);
        int nu = Size(g, uAxis), nv = Size(g, vAxis);
        int u0 = DisplayIndex(plane, uAxis, min[uAxis], nu, false), u1 = DisplayIndex(plane, uAxis, max[uAxis], nu, false);
        int v0 = DisplayIndex(plane, vAxis, min[vAxis], nv, true), v1 = DisplayIndex(plane, vAxis, max[vAxis], nv, true);
        // DisplayIndex is an involution, so it also maps stored index -> display position.
        float left = (float)(Math.Min(u0, u1) * su / pixel), right = (float)((Math.Max(u0, u1) + 1) * su / pixel);
        float top = (float)(Math.Min(v0, v1) * sv / pixel), bottom = (float)((Math.Max(v0, v1) + 1) * sv / pixel);
        return new SKRect(left, top, right, bottom);
    }

    /// <summary>
    /// Outlines, on a bitmap made by <see cref="Render"/> for the same plane and index, the voxels whose label equals
    /// <paramref name="label"/> (any non-zero label when 0): a pixel is drawn when it is inside and a 4-neighbour is not.
    /// </summary>
    public void DrawOutline(SKBitmap bitmap, SlicePlane plane, int index, Volume<byte> labels, byte label, SKColor color)
    {
        var g = _hu.Geometry;
        var (uAxis, vAxis, wAxis) = Axes(plane);
        int nu = Size(g, uAxis), nv = Size(g, vAxis);
        index = Math.Clamp(index, 0, Size(g, wAxis) - 1);
        double su = g.Spacing[uAxis], sv = g.Spacing[vAxis], pixel = Math.Min(su, sv);
        int width = bitmap.Width, height = bitmap.Height;
        var inside = new bool[width * height];
        Span<int> idx = stackalloc int[3];
        for (int py = 0; py < height; py++)
        {
            int vv = DisplayIndex(plane, vAxis, Math.Min(nv - 1, (int)(py * pixel / sv)), nv, vertical: true);
            for (int px = 0; px < width; px++)
            {
                int uu = DisplayIndex(plane, uAxis, Math.Min(nu - 1, (int)(px * pixel / su)), nu, vertical: false);
                idx[uAxis] = uu; idx[vAxis] = vv; idx[wAxis] = index;
                byte l = labels.Data[g.Index(idx[0], idx[1], idx[2])];
                inside[py * width + px] = label == 0 ? l != 0 : l == label;
            }
        }
        for (int py = 0; py < height; py++)
        for (int px = 0; px < width; px++)
        {
            int i = py * width + px;
            if (!inside[i]) continue;
            bool edge = px == 0 || py == 0 || px == width - 1 || py == height - 1
                || !inside[i - 1] || !inside[i + 1] || !inside[i - width] || !inside[i + width];
            if (edge) bitmap.SetPixel(px, py, color);
        }
    }

    /// <summary>Draws rectangles (e.g. finding boxes) with a label in the corner.</summary>
    public static void DrawBoxes(SKBitmap bitmap, IEnumerable<(SKRect Box, string Label)> boxes, SKColor color)
    {
        using var canvas = new SKCanvas(bitmap);
        using var stroke = new SKPaint { Color = color, IsStroke = true, StrokeWidth = Math.Max(1.5f, bitmap.Width / 256f), IsAntialias = true };
        using var font = new SKFont(SKTypeface.Default, Math.Max(10f, bitmap.Width / 40f));
        using var fill = new SKPaint { Color = color, IsAntialias = true };
        foreach (var (box, label) in boxes)
        {
            var padded = SKRect.Inflate(box, 3, 3);
            canvas.DrawRect(padded, stroke);
            if (!string.IsNullOrEmpty(label)) canvas.DrawText(label, padded.Left, Math.Max(font.Size, padded.Top - 3), SKTextAlign.Left, font, fill);
        }
    }

    /// <summary>Encodes a bitmap as PNG bytes.</summary>
    public static byte[] EncodePng(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 90);
        return data.ToArray();
    }

    /// <summary>Writes a bitmap as a PNG file (atomically).</summary>
    public static void SavePng(SKBitmap bitmap, string path)
    {
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, EncodePng(bitmap));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A distinct colour per region label (index = label id; 0 unused).</summary>
    public static IReadOnlyList<SKColor> DefaultLabelColors { get; } =
    [
        SKColors.Transparent,
        new SKColor(66, 135, 245), new SKColor(40, 190, 220), new SKColor(30, 110, 180),   // right lung upper/middle/lower
        new SKColor(120, 200, 80), new SKColor(180, 220, 60), new SKColor(60, 160, 60),    // left lung upper/middle/lower
        new SKColor(250, 220, 40),                                                          // airways
        new SKColor(230, 120, 40),                                                          // mediastinum
        new SKColor(220, 40, 60),                                                           // heart
        new SKColor(170, 90, 200),                                                          // pleura / chest wall
        new SKColor(140, 140, 140),                                                         // other
    ];

    private static (int U, int V, int W) Axes(SlicePlane plane) => plane switch
    {
        SlicePlane.Axial => (0, 1, 2),
        SlicePlane.Coronal => (0, 2, 1),
        SlicePlane.Sagittal => (1, 2, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(plane)),
    };

    private static int Size(VolumeGeometry g, int axis) => axis switch { 0 => g.SizeX, 1 => g.SizeY, _ => g.SizeZ };

    private int DisplayIndex(SlicePlane plane, int axis, int i, int n, bool vertical)
    {
        // On coronal/sagittal the vertical axis is z and the head (LPS +z) goes to the top: reverse unless stored head-first.
        bool reverse = _flip[axis] == 1;
        if (vertical && plane != SlicePlane.Axial) reverse = !reverse;
        return reverse ? n - 1 - i : i;
    }

    private static int Blend(int under, byte over, byte alpha) => (under * (255 - alpha) + over * alpha) / 255;

    /// <summary>Yellow at the threshold to red at 1.</summary>
    private static SKColor Heat(float s)
    {
        float t = Math.Clamp((s - 0.5f) * 2f, 0, 1);
        return new SKColor(255, (byte)(230 * (1 - t)), 0);
    }
}
