using ChestScreener.Dicom.Building;
using ChestScreener.Dicom.Gdcm;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Dicom.Tests.Building;

/// <summary>The vectorised 16-bit conversion equals the plain per-pixel one for every stored-bits/sign/padding/rescale mix.</summary>
public class PixelConverterTests
{
    [Theory]
    [InlineData(true, 16, null, 1, -1024)]
    [InlineData(false, 16, null, 1, -1024)]
    [InlineData(false, 12, null, 1, -1000)]
    [InlineData(true, 12, null, 1, 0)]
    [InlineData(true, 16, -2000, 1, 0)]
    [InlineData(false, 16, 63536, 2, -2048)]
    [InlineData(true, 13, -3000, 3, -100)]
    public void Fast_path_equals_the_scalar_path(bool signed, int bitsStored, int? padding, int slope, int intercept)
    {
        const int n = 64 * 64 + 7;   // not a multiple of the vector width: the tail runs too
        var buffer = new byte[n * 2];
        new Random(bitsStored * 31 + slope).NextBytes(buffer);
        // Sprinkle the padding value so that the padding test is exercised.
        if (padding is int p) for (int i = 0; i < n; i += 11) BitConverter.TryWriteBytes(buffer.AsSpan(2 * i), (short)p);
        var px = new DecodedPixels { Buffer = buffer, Columns = n, Rows = 1, Frames = 1, BitsAllocated = 16, BitsStored = bitsStored, Signed = signed, SamplesPerPixel = 1 };
        var header = new DicomHeader { Path = "x.dcm", PixelPaddingValue = padding };
        var g = new FrameGeometry(default, new Vec3(1, 0, 0), new Vec3(0, 1, 0), 1, 1, slope, intercept, true, false);
        var fast = new short[n];
        var slow = new short[n];
        PixelConverter.ToHu(px, 0, g, header, fast, new ReadOptions());
        PixelConverter.ToHu(px, 0, g, header, slow, new ReadOptions(), allowFastPath: false);
        Assert.Equal(slow, fast);
        Assert.Contains(fast, v => v != Imaging.CtVolume.AirHu);
    }
}
