using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Reports.Images;

namespace ChestScreener.Reports.Tests.Images;

public class SliceRendererTests
{
    private static Volume<short> Phantom(bool flipRows)
    {
        // 20x10x8 grid, 1x1x2 mm; a bright voxel at the patient's left (x high), posterior (y high), head end (z high).
        var axisY = flipRows ? new Vec3(0, -1, 0) : new Vec3(0, 1, 0);
        var g = new VolumeGeometry(20, 10, 8, new Vec3(1, 1, 2), new Vec3(0, flipRows ? 9 : 0, 0), new Vec3(1, 0, 0), axisY, new Vec3(0, 0, 1));
        var v = new Volume<short>(g);
        Array.Fill(v.Data, (short)-1000);
        int y = flipRows ? 10 - 1 - 8 : 8; // stored row of LPS y = 8
        v[17, y, 6] = 1000;
        return v;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AxialPutsPatientLeftOnImageRightAndPosteriorDown(bool flipRows)
    {
        var v = Phantom(flipRows);
        using var bmp = new SliceRenderer(v).Render(SlicePlane.Axial, 6, WindowPreset.Mediastinum);
        Assert.Equal(20, bmp.Width);
        Assert.Equal(10, bmp.Height);
        Assert.Equal(255, bmp.GetPixel(17, 8).Red);
        Assert.Equal(0, bmp.GetPixel(2, 1).Red);
    }

    [Fact]
    public void CoronalHasHeadUpAndSquarePixels()
    {
        var v = Phantom(false);
        using var bmp = new SliceRenderer(v).Render(SlicePlane.Coronal, 8, WindowPreset.Mediastinum);
        Assert.Equal(20, bmp.Width);
        Assert.Equal(16, bmp.Height); // 8 slices x 2 mm at 1 mm pixels
        // z = 6 spans display rows (7-6)*2 .. +1 = 2..3 from the top.
        Assert.Equal(255, bmp.GetPixel(17, 2).Red);
        Assert.Equal(255, bmp.GetPixel(17, 3).Red);
        Assert.Equal(0, bmp.GetPixel(17, 14).Red);
        var box = new SliceRenderer(v).BoxOnPlane(SlicePlane.Coronal, [17, 8, 6], [17, 8, 6]);
        Assert.Equal(17, box.Left, 3);
        Assert.Equal(2, box.Top, 3);
        Assert.Equal(4, box.Bottom, 3);
    }

    [Fact]
    public void ScoresAboveThresholdAreTintedAndPngEncodes()
    {
        var v = Phantom(false);
        var scores = v.Like<float>();
        scores[3, 3, 6] = 0.95f;
        using var bmp = new SliceRenderer(v).Render(SlicePlane.Axial, 6, WindowPreset.Lung, scores: scores, scoreThreshold: 0.7f);
        var hot = bmp.GetPixel(3, 3);
        Assert.True(hot.Red > 150 && hot.Blue < 60, $"score voxel not tinted: {hot}");
        var png = SliceRenderer.EncodePng(bmp);
        Assert.Equal(0x89, png[0]);
        Assert.Equal((byte)'P', png[1]);
    }
}
