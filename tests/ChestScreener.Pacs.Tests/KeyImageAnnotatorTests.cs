using ChestScreener.Reports.Dicom;
using ChestScreener.Reports.Images;
using ChestScreener.Results;
using SkiaSharp;

namespace ChestScreener.Pacs.Tests;

/// <summary>The DICOM key images' annotations: orientation letters from Patient Orientation, a large finding number, a legend.</summary>
public sealed class KeyImageAnnotatorTests
{
    [Theory]
    [InlineData("L\\P", "R", "L", "A", "P")] // axial, radiological: patient's right on the image's left, anterior up
    [InlineData("L\\F", "R", "L", "H", "F")] // coronal: head up
    [InlineData("P\\F", "A", "P", "H", "F")] // sagittal with anterior on the left
    public void Markers_follow_the_patient_orientation(string orientation, string left, string right, string top, string bottom) =>
        Assert.Equal((left, right, top, bottom), KeyImageAnnotator.Markers(orientation));

    [Theory]
    [InlineData("L")]
    [InlineData("L\\X")]
    public void Bad_patient_orientation_is_refused(string orientation) =>
        Assert.Throws<ArgumentException>(() => KeyImageAnnotator.Markers(orientation));

    [Fact]
    public void Small_image_is_enlarged_numbered_marked_and_given_a_legend()
    {
        using var image = new SKBitmap(64, 64);
        image.Erase(new SKColor(60, 60, 60));
        var finding = new Finding { Id = 7, Region = "left_lung_lower", VolumeMm3 = 2345, MaxScore = 0.9 };
        using var result = KeyImageAnnotator.Annotate(image, "L\\P", "Finding 7, axial", [new(new SKRect(30, 30, 40, 40), finding)], heat: false);
        Assert.Equal(512, result.Width); // 64 x 8
        Assert.True(result.Height > 512 + 60, $"a legend band below the image ({result.Height} rows)");

        // The number badge above-left of the box (scaled to 240..320) is large: hundreds of box-colour pixels, not a 10-px digit.
        Assert.True(Count(result, new SKRectI(200, 150, 300, 240), KeyImages.BoxColor) > 400);
        // "R" at the left edge, "L" at the right edge, "A" top and "P" bottom: white letters on the grey image.
        Assert.True(Count(result, new SKRectI(0, 236, 40, 276), SKColors.White) > 40, "R marker");
        Assert.True(Count(result, new SKRectI(472, 236, 512, 276), SKColors.White) > 40, "L marker");
        Assert.True(Count(result, new SKRectI(236, 0, 276, 40), SKColors.White) > 40, "A marker");
        Assert.True(Count(result, new SKRectI(236, 472, 276, 512), SKColors.White) > 40, "P marker");
        // Legend: the title in white and the finding line in the box colour.
        var band = new SKRectI(0, 512, 512, result.Height);
        Assert.True(Count(result, band, SKColors.White) > 150);
        Assert.True(Count(result, band, KeyImages.BoxColor) > 150);
    }

    [Fact]
    public void Volumes_are_in_millilitres() => Assert.Equal("2.35 ml", KeyImageAnnotator.Ml(2345));

    // Pixels close to a colour (anti-aliased text edges excluded by the tolerance).
    private static int Count(SKBitmap b, SKRectI area, SKColor colour)
    {
        int n = 0;
        for (int y = area.Top; y < area.Bottom; y++)
        for (int x = area.Left; x < area.Right; x++)
        {
            var c = b.GetPixel(x, y);
            if (Math.Abs(c.Red - colour.Red) + Math.Abs(c.Green - colour.Green) + Math.Abs(c.Blue - colour.Blue) < 40) n++;
        }
        return n;
    }
}
