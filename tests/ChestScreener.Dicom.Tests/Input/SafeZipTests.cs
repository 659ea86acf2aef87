using System.IO.Compression;
using ChestScreener.Dicom.Input;
using ChestScreener.Tests;

namespace ChestScreener.Dicom.Tests.Input;

/// <summary>Zip safety: traversal, absolute paths, links, bombs and entry counts are refused, and nothing is left behind.</summary>
public class SafeZipTests
{
    private static string MakeZip(TempFolder temp, params (string Name, byte[] Data, int? UnixMode)[] entries)
    {
        var path = temp.File(Guid.NewGuid().ToString("N") + ".zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, data, mode) in entries)
        {
            var e = zip.CreateEntry(name, CompressionLevel.SmallestSize);
            if (mode is int m) e.ExternalAttributes = m << 16;
            using var s = e.Open();
            s.Write(data);
        }
        return path;
    }

    private static ScreenerException Refused(TempFolder temp, string zip, ReadOptions? options = null)
    {
        var root = Path.Combine(temp.Path, "unpack-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(root);
        var e = Assert.Throws<ScreenerException>(() => StudyReader.Read([zip], (options ?? new ReadOptions()) with { TempRoot = root }));
        Assert.Empty(Directory.GetFileSystemEntries(root));   // temp folder removed on the failure path too
        return e;
    }

    [Theory]
    [InlineData("../evil.dcm")]
    [InlineData("a/../../evil.dcm")]
    [InlineData("/etc/evil.dcm")]
    public void Entries_that_escape_the_folder_are_refused(string name)
    {
        using var temp = TestData.NewTempFolder();
        var e = Refused(temp, MakeZip(temp, (name, [1, 2, 3], null)));
        Assert.Equal(RejectionCode.CorruptFile, e.Code);
        Assert.Contains("unsafe", e.Message.Replace("refused for safety", "unsafe"));
        Assert.False(File.Exists(Path.Combine(temp.Path, "evil.dcm")));
    }

    [Fact]
    public void Control_characters_of_a_hostile_name_are_refused_and_not_echoed_raw()
    {
        using var temp = TestData.NewTempFolder();
        var e = Refused(temp, MakeZip(temp, ("nul\0name\u001b[31m.dcm", [1, 2, 3], null)));
        Assert.Equal(RejectionCode.CorruptFile, e.Code);
        Assert.Contains("entry 'nul\\u0000name\\u001b[31m.dcm' has control characters in its name", e.Message);
        Assert.DoesNotContain(e.Message, char.IsControl);
    }

    [Fact]
    public void Symbolic_links_are_refused()
    {
        using var temp = TestData.NewTempFolder();
        var e = Refused(temp, MakeZip(temp, ("link.dcm", "/etc/passwd"u8.ToArray(), 0xA1FF)));
        Assert.Equal(RejectionCode.CorruptFile, e.Code);
        Assert.Contains("symbolic link", e.Message);
    }

    [Fact]
    public void Bombs_and_too_many_entries_are_too_large()
    {
        using var temp = TestData.NewTempFolder();
        var bomb = MakeZip(temp, ("zeros.dcm", new byte[64 << 20], null));
        Assert.Equal(RejectionCode.TooLarge, Refused(temp, bomb).Code);
        var big = MakeZip(temp, ("a.dcm", new byte[3000], null), ("b.dcm", new byte[3000], null));
        Assert.Equal(RejectionCode.TooLarge, Refused(temp, big, new ReadOptions { MaxUncompressedBytes = 4000 }).Code);
        var many = MakeZip(temp, Enumerable.Range(0, 12).Select(i => ($"{i}.dcm", new byte[10], (int?)null)).ToArray());
        Assert.Equal(RejectionCode.TooLarge, Refused(temp, many, new ReadOptions { MaxZipEntries = 10 }).Code);
    }

    [Fact]
    public void A_zip_without_dicom_is_not_dicom_and_leaves_nothing()
    {
        using var temp = TestData.NewTempFolder();
        var zip = MakeZip(temp, ("docs/readme.txt", "hello"u8.ToArray(), null));
        Assert.Equal(RejectionCode.NotDicom, Refused(temp, zip).Code);
    }

    [Fact]
    public void A_damaged_zip_is_corrupt()
    {
        using var temp = TestData.NewTempFolder();
        var path = temp.File("broken.zip");
        File.WriteAllBytes(path, [0x50, 0x4B, 3, 4, 1, 2, 3, 4, 5]);
        Assert.Equal(RejectionCode.CorruptFile, Refused(temp, path).Code);
    }

    [Fact]
    public void Safe_entries_unpack_into_nested_folders()
    {
        using var temp = TestData.NewTempFolder();
        var zip = MakeZip(temp, ("a/b/c.dcm", [1, 2], null), ("d.dcm", [3], null));
        var target = Path.Combine(temp.Path, "out");
        Directory.CreateDirectory(target);
        var files = SafeZip.Extract(zip, target, new ReadOptions());
        Assert.Equal(2, files.Count);
        Assert.True(File.Exists(Path.Combine(target, "a", "b", "c.dcm")));
    }
}
