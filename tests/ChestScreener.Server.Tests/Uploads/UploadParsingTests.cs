using ChestScreener.Server.Uploads;

namespace ChestScreener.Server.Tests.Uploads;

public sealed class UploadParsingTests
{
    [Theory]
    [InlineData("../../etc/passwd", "passwd", "..")]
    [InlineData("study/sub/IM0001", "IM0001", "study")]
    [InlineData("C:\\scans\\ct.nii.gz", "ct.nii.gz", "C:")]
    [InlineData("a b$c.dcm", "a_b_c.dcm", null)]
    [InlineData(".hidden", "hidden", null)]
    public void Client_paths_become_safe_base_names(string client, string baseName, string? top)
    {
        var (name, folder) = UploadReceiver.SplitClientPath(client);
        Assert.Equal(baseName, name);
        Assert.Equal(top == ".." ? null : top, folder);
        Assert.DoesNotContain('/', name);
        Assert.DoesNotContain('\\', name);
    }

    [Fact]
    public void Sniffer_tells_dicom_zip_nifti_and_garbage_apart()
    {
        Assert.Equal(FileKind.Dicom, FileSniffer.Sniff(TestUploads.DicomLike(1).AsSpan(0, 132), "x"));
        Assert.Equal(FileKind.Zip, FileSniffer.Sniff(TestUploads.Zip(("a", [1])), "x.bin"));
        Assert.Equal(FileKind.Nifti, FileSniffer.Sniff([0x1f, 0x8b, 8, 0], "ct.nii.gz"));
        Assert.Equal(FileKind.Unknown, FileSniffer.Sniff([0x1f, 0x8b, 8, 0], "ct.tar.gz"));
        Assert.Equal(FileKind.Nifti, FileSniffer.Sniff([92, 1, 0, 0, 0, 0], "ct.nii"));
        Assert.Equal(FileKind.Dicom, FileSniffer.Sniff([8, 0, 5, 0, (byte)'C', (byte)'S', 10, 0], "IM1"));
        Assert.Equal(FileKind.Unknown, FileSniffer.Sniff("hello world, not an image"u8, "a.dcm"));
    }
}
