using ChestScreener.Tests;
using static ChestScreener.Dicom.Tests.Validation.HostileCorpus;

namespace ChestScreener.Dicom.Tests.Validation;

/// <summary>
/// Damaged and absurd DICOM (issue 8): zero-byte files, truncation, wrong VRs, lengths past the end, absurd dimensions,
/// non-image objects and mixed series. Each ends in a typed rejection (or a correct read) within the harness's bounds.
/// Cases already pinned elsewhere (random bytes, text files, broken JPEG 2000, non-CT modalities) are not repeated here.
/// </summary>
[Collection(HostileCollection.Name)]
public class HostileDicomTests
{
    [Fact]
    public void The_undamaged_seed_series_reads_with_the_default_checks()
    {
        using var temp = TestData.NewTempFolder();
        ChestSeries(temp.Path);
        var o = HostileHarness.Run("undamaged 16x16x12 seed series", [temp.Path]);
        Assert.Null(o.Error);
        Assert.Equal(Slices, o.Volume!.Geometry.SizeZ);
    }

    [Fact]
    public void Zero_byte_files_are_not_dicom()
    {
        using var temp = TestData.NewTempFolder();
        for (int i = 0; i < 3; i++) File.WriteAllBytes(temp.File($"empty{i}.dcm"), []);
        HostileHarness.Rejected("zero-byte .dcm files (folder of 3)", [temp.Path], RejectionCode.NotDicom);
        var single = HostileHarness.Rejected("one zero-byte .dcm", [temp.File("empty0.dcm")], RejectionCode.NotDicom);
        Assert.Contains("empty0.dcm", single.Message);
    }

    [Fact]
    public void A_header_only_series_is_rejected_without_decoding()
    {
        using var temp = TestData.NewTempFolder();
        // Cut every file right after the pixel data element's header: the tags say 16x16 but no pixel byte follows.
        Damage(ChestSeries(temp.Path), f => f[..PixelStart(f)]);
        var e = HostileHarness.Rejected("header only (cut right after the 7FE0,0010 header)", [temp.Path], RejectionCode.CorruptFile);
        Assert.Contains("claims 512 bytes but only 0 remain", e.Message);
    }

    [Fact]
    public void Messages_and_warnings_name_files_relative_to_the_folder_given_never_by_absolute_path()
    {
        // Issue 20, finding 8: on a server the folder given is inside its data folder, which clients have no business seeing.
        using var temp = TestData.NewTempFolder();
        var damaged = Path.Combine(temp.Path, "damaged");
        Damage(ChestSeries(Path.Combine(damaged, "sub")), f => f[..300]);
        var e = HostileHarness.Rejected("cut series in a subfolder (message naming)", [damaged], RejectionCode.CorruptFile);
        Assert.DoesNotContain(temp.Path, e.Message);
        Assert.Contains("sub/ct000.dcm", e.Message);
        var good = Path.Combine(temp.Path, "good");
        ChestSeries(good);
        File.WriteAllBytes(Path.Combine(good, "cut.dcm"), File.ReadAllBytes(Path.Combine(damaged, "sub", "ct000.dcm")));
        var o = HostileHarness.Run("one cut file beside a good series (warning naming)", [good]);
        Assert.Contains(o.Volume!.Warnings, w => w.Contains("e.g. cut.dcm:", StringComparison.Ordinal));
        Assert.DoesNotContain(o.Volume.Warnings, w => w.Contains(temp.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_cut_inside_its_header_is_corrupt_and_never_reaches_gdcm()
    {
        using var temp = TestData.NewTempFolder();
        // Regression: GDCM aborted the whole process (assertion in gdcmFileMetaInformation.cxx) on this input.
        Damage(ChestSeries(temp.Path), f => f[..300]);
        var e = HostileHarness.Rejected("cut inside the data set (first 300 bytes)", [temp.Path], RejectionCode.CorruptFile);
        Assert.Contains("12 DICOM files are damaged", e.Message);
        // One damaged file among good ones is left out with a warning, not a crash.
        var good = Path.Combine(temp.Path, "good");
        ChestSeries(good);
        File.WriteAllBytes(Path.Combine(good, "cut.dcm"), File.ReadAllBytes(Path.Combine(temp.Path, "ct000.dcm")));
        var o = HostileHarness.Run("one file cut at 300 bytes beside a good series", [good]);
        Assert.Contains(o.Volume!.Warnings, w => w.Contains("1 damaged DICOM file(s) were ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void Pixel_data_cut_short_is_corrupt_file_naming_the_file()
    {
        using var temp = TestData.NewTempFolder();
        var files = ChestSeries(temp.Path);
        // Only one slice is damaged: half of its pixel bytes are gone.
        Damage([files[5]], f => f[..(PixelStart(f) + 256)]);
        // Before: GDCM padded the missing half with zeros and the series read as if nothing were wrong.
        var e = HostileHarness.Rejected("pixel data cut in half (1 of 12 slices)", [temp.Path], RejectionCode.CorruptFile);
        Assert.StartsWith("ct005.dcm", Path.GetFileName(e.Message.Split(':')[0]));
    }

    [Fact]
    public void Pixel_data_cut_in_every_file_is_corrupt_file()
    {
        using var temp = TestData.NewTempFolder();
        Damage(ChestSeries(temp.Path), f => f[..(PixelStart(f) + 10)]);
        HostileHarness.Rejected("pixel data cut to 10 bytes (all slices)", [temp.Path], RejectionCode.CorruptFile);
    }

    [Fact]
    public void Uncompressed_pixel_data_shorter_than_the_image_is_corrupt_file()
    {
        using var temp = TestData.NewTempFolder();
        // The element is consistent (length 10, 10 bytes present) but a 16x16 slice needs 512: GDCM would pad with zeros.
        Damage(ChestSeries(temp.Path), f =>
        {
            f = f[..(PixelStart(f) + 10)];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(f.Length - 14), 10);
            return f;
        });
        var e = HostileHarness.Rejected("pixel data element of 10 bytes for a 16x16 image", [temp.Path], RejectionCode.CorruptFile);
        Assert.Contains("holds 10 bytes where 512 are needed", e.Message);
    }

    [Fact]
    public void A_pixel_data_length_past_the_end_of_the_file_is_corrupt_file()
    {
        using var temp = TestData.NewTempFolder();
        // The OW length claims 2 GB; the file holds the 512 bytes a 16x16 slice needs and ends.
        Damage(ChestSeries(temp.Path), f =>
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(PixelStart(f) - 4), 0x7FFFFFF0);
            return f;
        });
        var e = HostileHarness.Rejected("pixel data length 0x7FFFFFF0 past the end (pixels present)", [temp.Path], RejectionCode.CorruptFile);
        Assert.Contains("2147483632", e.Message);
    }

    [Fact]
    public void A_text_element_length_past_the_end_is_rejected()
    {
        using var temp = TestData.NewTempFolder();
        // Manufacturer (LO) claims 65520 bytes in a ~1 kB file. Regression: GDCM aborted the process on this one too.
        Damage(ChestSeries(temp.Path), f => SetShortLength(f, 0x0008, 0x0070, 0xFFF0));
        var e = HostileHarness.Rejected("LO length 0xFFF0 past the end of the file", [temp.Path], RejectionCode.CorruptFile);
        Assert.Contains("(0008,0070)", e.Message);
    }

    [Fact]
    public void A_wrong_vr_on_rows_and_columns_is_rejected()
    {
        using var temp = TestData.NewTempFolder();
        // Rows/Columns written as DS (text) with binary values: GDCM reads them as strings that are not numbers.
        Damage(ChestSeries(temp.Path), f => SetVr(SetVr(f, 0x0028, 0x0010, "DS"), 0x0028, 0x0011, "DS"));
        HostileHarness.Rejected("Rows/Columns with VR DS instead of US", [temp.Path], RejectionCode.IncompleteSeries);
    }

    [Fact]
    public void A_short_vr_turned_long_shifts_the_parse_and_is_rejected()
    {
        using var temp = TestData.NewTempFolder();
        // Rows's VR turned to OB: the reader now expects a 4-byte length and lands mid-element (GDCM aborted here before).
        Damage(ChestSeries(temp.Path), f => SetVr(f, 0x0028, 0x0010, "OB"));
        var o = HostileHarness.Run("Rows with VR OB (misaligned parse)", [temp.Path]);
        Assert.NotNull(o.Error);
        Assert.Contains(o.Error!.Code, new[] { RejectionCode.NotDicom, RejectionCode.IncompleteSeries, RejectionCode.CorruptFile });
    }

    [Fact]
    public void Absurd_dimensions_are_too_large_before_any_pixel_is_allocated()
    {
        using var temp = TestData.NewTempFolder();
        // 65535 x 65535 per slice (12 slices): 51 G voxels claimed, 512 bytes present per file.
        Damage(ChestSeries(temp.Path), f => SetUInt16(SetUInt16(f, 0x0028, 0x0010, 65535), 0x0028, 0x0011, 65535));
        var e = HostileHarness.Rejected("65535x65535 claimed per slice (12 slices)", [temp.Path], RejectionCode.TooLarge);
        Assert.Contains("65535", e.Message);
    }

    [Fact]
    public void Absurd_frame_counts_are_too_large()
    {
        using var temp = TestData.NewTempFolder();
        // One multi-frame file claiming 65535 x 65535 x 10000 frames.
        var path = temp.File("enhanced.dcm");
        SyntheticDicom.WriteEnhanced(path, [(0, 1000), (15, 1000)]);
        var f = File.ReadAllBytes(path);
        f = SetUInt16(SetUInt16(f, 0x0028, 0x0010, 65535), 0x0028, 0x0011, 65535);
        int at = FindTag(f, 0x0028, 0x0008);
        f = [.. f.AsSpan(0, at), .. Element(0x0028, 0x0008, "IS", "10000"), .. f.AsSpan(at + 8 + 2)];
        File.WriteAllBytes(path, f);
        var o = HostileHarness.Run("65535x65535x10000 claimed in one multi-frame file", [path]);
        Assert.NotNull(o.Error);
        Assert.Contains(o.Error!.Code, new[] { RejectionCode.TooLarge, RejectionCode.IncompleteSeries, RejectionCode.CorruptFile });
    }

    [Fact]
    public void A_dose_report_alone_is_rejected_as_holding_no_images()
    {
        using var temp = TestData.NewTempFolder();
        DoseReport(temp.File("dose.dcm"));
        var e = HostileHarness.Rejected("radiation dose SR alone (no pixels)", [temp.File("dose.dcm")], RejectionCode.IncompleteSeries);
        Assert.Contains("no readable images", e.Message);
    }

    [Fact]
    public void A_secondary_capture_dose_screen_alone_is_not_ct()
    {
        using var temp = TestData.NewTempFolder();
        // Scanners export the dose page as a CT-modality secondary capture image.
        var path = temp.File("dose-screen.dcm");
        SyntheticDicom.Write(path, new SyntheticSlice { ImageType = "DERIVED\\SECONDARY\\SCREEN SAVE", Rows = 32, Columns = 32 });
        var f = File.ReadAllBytes(path);
        var sop = "1.2.840.10008.5.1.4.1.1.7";
        int at = FindTag(f, 0x0008, 0x0016);
        int len = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan(at + 6));
        File.WriteAllBytes(path, [.. f.AsSpan(0, at), .. Element(0x0008, 0x0016, "UI", sop), .. f.AsSpan(at + 8 + len)]);
        HostileHarness.Rejected("CT dose screen (secondary capture) alone", [path], RejectionCode.NotCt);
    }

    [Fact]
    public void Mixed_series_and_studies_in_one_input_read_the_chest_ct_and_say_so()
    {
        using var temp = TestData.NewTempFolder();
        var ct = ChestSeries(Path.Combine(temp.Path, "ct"));
        // An MR series of another study, a dose report and a stray text file come along in the same upload.
        ChestSeries(Path.Combine(temp.Path, "mr"), s => s with { Modality = "MR", StudyUid = "1.2.826.0.1.3680043.99.5" }, "mr");
        DoseReport(temp.File("dose.dcm"));
        File.WriteAllText(temp.File("README.txt"), "exported by a PACS");
        var zip = ZipFiles(temp.File("mixed.zip"), Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories));
        var o = HostileHarness.Run("mixed: CT + MR of another study + dose SR + text, one zip", [zip]);
        Assert.Null(o.Error);
        var v = o.Volume!;
        Assert.Equal(Slices, v.Geometry.SizeZ);
        Assert.Equal("CT", v.Info.Modality);
        Assert.Contains(v.Warnings, w => w.Contains("studies", StringComparison.Ordinal));
        Assert.Contains(v.Warnings, w => w.Contains("not DICOM", StringComparison.Ordinal));
        Assert.Equal(12, ct.Count);
    }

    [Fact]
    public void Only_non_ct_series_mixed_together_are_not_ct()
    {
        using var temp = TestData.NewTempFolder();
        ChestSeries(temp.Path, s => s with { Modality = "MR" }, "mr");
        ChestSeries(temp.Path, s => s with { Modality = "PT" }, "pt");
        DoseReport(temp.File("dose.dcm"));
        HostileHarness.Rejected("mixed MR + PET + dose SR, no CT", [temp.Path], RejectionCode.NotCt);
    }
}
