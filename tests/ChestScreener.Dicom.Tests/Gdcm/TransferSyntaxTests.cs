using ChestScreener.Dicom.Building;
using ChestScreener.Dicom.Gdcm;
using ChestScreener.Tests;

namespace ChestScreener.Dicom.Tests.Gdcm;

/// <summary>Every file in syntax/ decodes (or fails naming its syntax), and the native fast path equals GDCM's decoding.</summary>
public class TransferSyntaxTests
{
    public static TheoryData<string> SyntaxFiles() =>
        ["ct_small.dcm", "deflated.dcm", "explicit_big.dcm", "explicit_little.dcm", "implicit_little.dcm", "jpeg_2000.dcm",
         "jpeg_baseline_8bit.dcm", "jpeg_lossless_sel1.dcm", "jpeg_ls.dcm", "rle.dcm"];

    [SkippableTheory]
    [MemberData(nameof(SyntaxFiles))]
    public void Each_syntax_decodes_to_a_plausible_image(string file)
    {
        var path = TestData.Require("syntax/" + file);
        var h = GdcmSeam.TryReadHeader(path);
        Assert.NotNull(h);
        Assert.True(h!.TransferSyntaxUid.Length > 0);
        DecodedPixels px;
        try
        {
            px = GdcmSeam.Decode(path, h.TransferSyntaxUid);
        }
        catch (ScreenerException e) when (e.Code == RejectionCode.UnsupportedEncoding)
        {
            Assert.Contains(TransferSyntaxes.Name(h.TransferSyntaxUid), e.Message);
            return;
        }
        Assert.Equal(h.Columns, px.Columns);
        Assert.Equal(h.Rows, px.Rows);
        Assert.Equal(h.Frames, px.Frames);
        Assert.True(px.Buffer.Length >= (long)px.Columns * px.Rows * px.Frames * px.SamplesPerPixel * (px.BitsAllocated / 8));
        // A real image, not a zero-filled buffer: many distinct values in the first frame.
        var distinct = new HashSet<int>();
        int bytes = px.BitsAllocated / 8;
        for (int i = 0; i < px.FrameLength && distinct.Count < 50; i += 7)
            distinct.Add(bytes == 1 ? px.Buffer[i] : BitConverter.ToInt16(px.Buffer, i * 2));
        Assert.True(distinct.Count >= 20, $"{file}: only {distinct.Count} distinct values");
    }

    [SkippableTheory]
    [InlineData("syntax/ct_small.dcm")]
    [InlineData("syntax/explicit_little.dcm")]
    [InlineData("syntax/implicit_little.dcm")]
    [InlineData("chest/lidc-idri-0314/000100.dcm")]
    public void Native_fast_path_reads_the_same_values_as_gdcm(string item)
    {
        var path = TestData.Require(item);
        var h = GdcmSeam.TryReadHeader(path)!;
        var native = NativePixelReader.TryRead(h);
        Assert.NotNull(native);
        var gdcm = GdcmSeam.Decode(path, h.TransferSyntaxUid);
        int length = gdcm.Columns * gdcm.Rows * gdcm.Frames * (gdcm.BitsAllocated / 8);
        Assert.Equal(gdcm.BitsAllocated, native!.BitsAllocated);
        Assert.Equal(gdcm.Signed, native.Signed);
        Assert.True(gdcm.Buffer.AsSpan(0, length).SequenceEqual(native.Buffer.AsSpan(0, length)));
    }

    [Fact]
    public void Unknown_syntaxes_are_unsupported_and_named()
    {
        Assert.False(TransferSyntaxes.IsDecodable("1.2.840.10008.1.2.4.201"));
        Assert.Contains("High-Throughput JPEG 2000", TransferSyntaxes.Name("1.2.840.10008.1.2.4.201"));
        Assert.True(TransferSyntaxes.IsDecodable("1.2.840.10008.1.2.4.70"));
        Assert.StartsWith("unknown", TransferSyntaxes.Name("1.2.3.4"));
    }
}
