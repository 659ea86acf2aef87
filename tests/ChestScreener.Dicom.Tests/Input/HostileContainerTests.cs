using System.IO.Compression;
using ChestScreener.Tests;
using static ChestScreener.Dicom.Tests.Validation.HostileCorpus;
using ChestScreener.Dicom.Tests.Validation;

namespace ChestScreener.Dicom.Tests.Input;

/// <summary>
/// Hostile zips and NIfTI files (issue 8) beyond SafeZipTests (traversal, absolute paths, symlinks, bombs and entry
/// counts are pinned there): nesting, colliding and odd entry names, empty and damaged archives, NIfTI with NaN/Inf,
/// singular or non-finite affines, absurd or truncated data, and links in input folders.
/// </summary>
[Collection(HostileCollection.Name)]
public class HostileContainerTests
{
    [Fact]
    public void Deeply_nested_zips_are_not_unpacked_past_one_level()
    {
        using var temp = TestData.NewTempFolder();
        var slice = temp.File("one.dcm");
        SyntheticDicom.Write(slice, new SyntheticSlice());
        var zip = NestedZip(temp.File("nested.zip"), 40, File.ReadAllBytes(slice));
        var e = HostileHarness.Rejected("zip nested 40 levels deep", [zip], RejectionCode.NotDicom);
        Assert.Contains("level", e.Message);
    }

    [Fact]
    public void A_zero_byte_zip_is_corrupt()
    {
        using var temp = TestData.NewTempFolder();
        File.WriteAllBytes(temp.File("empty.zip"), []);
        HostileHarness.Rejected("zero-byte .zip", [temp.File("empty.zip")], RejectionCode.CorruptFile);
    }

    [Fact]
    public void Random_bytes_named_zip_are_corrupt()
    {
        using var temp = TestData.NewTempFolder();
        var bytes = new byte[4096];
        new Random(11).NextBytes(bytes);
        bytes[0] = (byte)'P'; bytes[1] = (byte)'K'; bytes[2] = 3; bytes[3] = 4;
        File.WriteAllBytes(temp.File("random.zip"), bytes);
        HostileHarness.Rejected("random bytes with a PK header", [temp.File("random.zip")], RejectionCode.CorruptFile);
    }

    [Fact]
    public void Duplicate_entry_names_are_refused_not_crashed()
    {
        using var temp = TestData.NewTempFolder();
        var files = ChestSeries(Path.Combine(temp.Path, "s"));
        var first = File.ReadAllBytes(files[0]);
        var zip = Zip(temp.File("dup.zip"), ("a.dcm", first), ("a.dcm", first));
        HostileHarness.Rejected("two entries with the same name", [zip], RejectionCode.CorruptFile);
    }

    [Fact]
    public void A_file_entry_and_a_folder_entry_of_the_same_name_are_refused()
    {
        using var temp = TestData.NewTempFolder();
        var zip = Zip(temp.File("clash.zip"), ("a", [1, 2, 3]), ("a/b.dcm", [4, 5, 6]));
        HostileHarness.Rejected("entry 'a' and entry 'a/b.dcm'", [zip], RejectionCode.CorruptFile);
    }

    [Theory]
    [InlineData("nul\0name.dcm")]
    [InlineData("C:/windows/evil.dcm")]
    [InlineData("..\\..\\evil.dcm")]
    [InlineData("./../evil.dcm")]
    public void Odd_entry_names_are_refused(string name)
    {
        using var temp = TestData.NewTempFolder();
        var zip = Zip(temp.File("odd.zip"), (name, [1, 2, 3]));
        HostileHarness.Rejected($"zip entry named '{name.Replace("\0", "\\0")}'", [zip], RejectionCode.CorruptFile);
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "evil.dcm")));
    }

    [Fact]
    public void A_zip_entry_whose_data_is_damaged_is_corrupt()
    {
        using var temp = TestData.NewTempFolder();
        var files = ChestSeries(Path.Combine(temp.Path, "s"));
        var zip = ZipFiles(temp.File("damaged.zip"), files);
        var bytes = File.ReadAllBytes(zip);
        // Overwrite the middle of the first entry's deflate stream; the directory stays readable.
        for (int i = 60; i < 400; i++) bytes[i] = 0xFF;
        File.WriteAllBytes(zip, bytes);
        var o = HostileHarness.Run("deflate data of an entry overwritten", [zip]);
        Assert.NotNull(o.Error);
        Assert.Contains(o.Error!.Code, new[] { RejectionCode.CorruptFile, RejectionCode.NotDicom, RejectionCode.IncompleteSeries });
    }

    [Fact]
    public void A_symbolic_link_in_an_input_folder_is_not_followed()
    {
        using var temp = TestData.NewTempFolder();
        var outside = Path.Combine(temp.Path, "outside");
        ChestSeries(outside);
        var input = Path.Combine(temp.Path, "input");
        Directory.CreateDirectory(input);
        File.CreateSymbolicLink(Path.Combine(input, "link.dcm"), Path.Combine(outside, "ct000.dcm"));
        Directory.CreateSymbolicLink(Path.Combine(input, "linkdir"), outside);
        HostileHarness.Rejected("folder holding only symlinks to DICOM elsewhere", [input], RejectionCode.NotDicom);
    }

    private static string WriteNifti(TempFolder temp, string name, byte[] data, bool gzip = false)
    {
        var path = temp.File(name + (gzip ? ".nii.gz" : ".nii"));
        File.WriteAllBytes(path, gzip ? Gzip(data) : data);
        return path;
    }

    private static readonly float[] Identity = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];

    [Fact]
    public void Nifti_nan_and_infinite_voxels_read_as_finite_hu()
    {
        using var temp = TestData.NewTempFolder();
        var values = new float[8 * 8 * 4];
        Array.Fill(values, 40f);
        values[0] = float.NaN; values[1] = float.PositiveInfinity; values[2] = float.NegativeInfinity; values[3] = 1e30f;
        var path = WriteNifti(temp, "naninf", Nifti([8, 8, 4], values, Identity));
        var o = HostileHarness.Run("NIfTI with NaN, +Inf, -Inf and 1e30 voxels", [path], ReadOptions.NoChestChecks);
        Assert.Null(o.Error);
        var hu = o.Volume!.Hu.Data;
        Assert.Equal(-1024, hu[0]);                 // NaN: air
        Assert.Equal(short.MaxValue, hu[1]);        // +Inf: clamped
        Assert.Equal(-1024, hu[2]);                 // -Inf: below the padding floor, air
        Assert.Equal(short.MaxValue, hu[3]);
        Assert.Equal(40, hu[4]);
    }

    [Fact]
    public void Nifti_with_a_singular_affine_is_corrupt()
    {
        using var temp = TestData.NewTempFolder();
        float[] singular = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0];
        var path = WriteNifti(temp, "singular", Nifti([8, 8, 4], new float[256], singular));
        var e = HostileHarness.Rejected("NIfTI with a singular sform", [path], RejectionCode.CorruptFile, ReadOptions.NoChestChecks);
        Assert.Contains("affine", e.Message);
    }

    [Fact]
    public void Nifti_with_a_nan_affine_or_zero_spacing_is_corrupt()
    {
        using var temp = TestData.NewTempFolder();
        float[] nan = [float.NaN, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0];
        HostileHarness.Rejected("NIfTI with NaN in the sform", [WriteNifti(temp, "nanaffine", Nifti([8, 8, 4], new float[256], nan))], RejectionCode.CorruptFile, ReadOptions.NoChestChecks);
        HostileHarness.Rejected("NIfTI without sform/qform and pixdim 0", [WriteNifti(temp, "zeropix", Nifti([8, 8, 4], new float[256], null, pixdim: [0, 0, 0]))], RejectionCode.CorruptFile, ReadOptions.NoChestChecks);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nifti_claiming_a_huge_volume_with_little_data_is_refused_without_allocating_it(bool gzip)
    {
        using var temp = TestData.NewTempFolder();
        // 1024 x 1024 x 1000 float32 claimed (4 GB), 1 kB present: within the voxel limit, so only the data check can stop it.
        var path = WriteNifti(temp, "huge", Nifti([1024, 1024, 1000], new float[256], Identity), gzip);
        HostileHarness.Rejected($"NIfTI claiming 1024x1024x1000 float32 with 1 kB of data ({(gzip ? ".nii.gz" : ".nii")})", [path], RejectionCode.CorruptFile, ReadOptions.NoChestChecks);
    }

    [Fact]
    public void Nifti_with_absurd_dimensions_is_too_large()
    {
        using var temp = TestData.NewTempFolder();
        var path = WriteNifti(temp, "absurd", Nifti([32767, 32767, 10000], new float[16], Identity));
        HostileHarness.Rejected("NIfTI claiming 32767x32767x10000", [path], RejectionCode.TooLarge, ReadOptions.NoChestChecks);
    }

    [Fact]
    public void Nifti_with_a_nan_or_huge_vox_offset_is_corrupt()
    {
        using var temp = TestData.NewTempFolder();
        HostileHarness.Rejected("NIfTI vox_offset NaN", [WriteNifti(temp, "nanoff", Nifti([8, 8, 4], new float[256], Identity, voxOffset: float.NaN))], RejectionCode.CorruptFile, ReadOptions.NoChestChecks);
        HostileHarness.Rejected("NIfTI vox_offset 3e9", [WriteNifti(temp, "hugeoff", Nifti([8, 8, 4], new float[256], Identity, voxOffset: 3e9f))], RejectionCode.CorruptFile, ReadOptions.NoChestChecks);
    }

    [Fact]
    public void Truncated_and_zero_byte_nifti_are_corrupt()
    {
        using var temp = TestData.NewTempFolder();
        var whole = Gzip(Nifti([16, 16, 16], new float[4096], Identity));
        File.WriteAllBytes(temp.File("cut.nii.gz"), whole[..(whole.Length / 2)]);
        HostileHarness.Rejected("NIfTI .nii.gz cut in half", [temp.File("cut.nii.gz")], RejectionCode.CorruptFile, ReadOptions.NoChestChecks);
        File.WriteAllBytes(temp.File("empty.nii"), []);
        HostileHarness.Rejected("zero-byte .nii", [temp.File("empty.nii")], RejectionCode.CorruptFile, ReadOptions.NoChestChecks);
    }

    [Fact]
    public void A_nifti_inside_a_zip_is_read_and_its_temp_copy_removed()
    {
        using var temp = TestData.NewTempFolder();
        var values = new float[8 * 8 * 4];
        Array.Fill(values, -500f);
        var zip = Zip(temp.File("vol.zip"), ("vol.nii.gz", Gzip(Nifti([8, 8, 4], values, Identity))));
        var o = HostileHarness.Run("zip holding a .nii.gz", [zip], ReadOptions.NoChestChecks);
        Assert.Null(o.Error);
        Assert.Equal(-500, o.Volume!.Hu.Data[0]);
    }

    [Fact]
    public void A_zip_bomb_is_too_large_and_stops_early()
    {
        using var temp = TestData.NewTempFolder();
        // 256 MB of zeros compresses to ~256 kB; the ratio check stops it at the first MB written.
        var path = temp.File("bomb.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            using var s = zip.CreateEntry("zeros.dcm", CompressionLevel.SmallestSize).Open();
            var chunk = new byte[1 << 20];
            for (int i = 0; i < 256; i++) s.Write(chunk);
        }
        Assert.True(new FileInfo(path).Length < 4 << 20);
        HostileHarness.Rejected("zip bomb: 256 MB of zeros in a ~256 kB zip", [path], RejectionCode.TooLarge);
    }
}
