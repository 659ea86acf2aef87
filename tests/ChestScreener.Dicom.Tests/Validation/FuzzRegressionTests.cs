using System.Buffers.Binary;
using ChestScreener.Tests;
using static ChestScreener.Dicom.Tests.Validation.HostileCorpus;

namespace ChestScreener.Dicom.Tests.Validation;

/// <summary>
/// Inputs the fuzz tests crashed on, rebuilt by hand (zip timestamps and UIDs make a replay of the random seed inexact);
/// each must now end in a typed rejection with nothing left behind.
/// </summary>
[Collection(HostileCollection.Name)]
public class FuzzRegressionTests
{
    [Fact]
    public void Zip_whose_end_record_miscounts_its_entries_is_corrupt()
    {
        // Found by Mutated_zip_of_a_series (seed 5941268, count 5): ZipArchive reads the central directory lazily, so
        // "Number of entries expected in End Of Central Directory does not correspond..." escaped as InvalidDataException.
        using var temp = TestData.NewTempFolder();
        var zip = ZipFiles(temp.File("miscount.zip"), ChestSeries(Path.Combine(temp.Path, "s")).Take(2));
        var bytes = File.ReadAllBytes(zip);
        int eocd = bytes.AsSpan().LastIndexOf("PK\x05\x06"u8);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(eocd + 8), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(eocd + 10), 3);
        File.WriteAllBytes(zip, bytes);
        var e = HostileHarness.Rejected("zip end record claims 3 entries, directory holds 2 (fuzz)", [zip], RejectionCode.CorruptFile);
        Assert.Contains("directory", e.Message);
    }

    [SkippableFact]
    public void Unknown_vr_in_the_file_meta_group_never_reaches_gdcm()
    {
        // Found by Mutated_ct_small_dcm (seed 690183258, count 2): the (0002,0016) VR "AE" turned "EE"; GDCM aborted the
        // process with assertion `0 && "Should not happen"` in gdcm::ReadExplicitDataElement.
        using var temp = TestData.NewTempFolder();
        var bytes = File.ReadAllBytes(TestData.Require("syntax/ct_small.dcm"));
        Assert.Equal((byte)'A', bytes[0x144]);
        bytes[0x144] = (byte)'E';
        File.WriteAllBytes(temp.File("ee.dcm"), bytes);
        HostileHarness.Rejected("meta element VR 'EE' (fuzz; GDCM assertion)", [temp.File("ee.dcm")], RejectionCode.CorruptFile, ReadOptions.NoChestChecks);
    }

    [Fact]
    public void Unknown_vr_in_the_data_set_is_refused_before_gdcm()
    {
        using var temp = TestData.NewTempFolder();
        Damage(ChestSeries(temp.Path), f => SetVr(f, 0x0008, 0x0070, "QQ"));
        HostileHarness.Rejected("data set element VR 'QQ'", [temp.Path], RejectionCode.CorruptFile);
    }

    [Fact]
    public void A_file_that_ends_right_after_the_meta_group_length_never_reaches_gdcm()
    {
        // Found by Mutated_ct_small_dcm (seed 432512170, count 4): the file was cut to 144 bytes (preamble, DICM and
        // the (0002,0000) element); GDCM aborted with `0 && "Should not happen"` reading the next meta element.
        using var temp = TestData.NewTempFolder();
        var files = ChestSeries(temp.Path);
        Damage(files, f => f[..144]);
        HostileHarness.Rejected("cut to 144 bytes: meta group length only (fuzz; GDCM assertion)", [temp.Path], RejectionCode.CorruptFile);
        // Cut anywhere inside the meta group: the same.
        Damage([.. ChestSeries(temp.Path)], f => f[..200]);
        HostileHarness.Rejected("cut at 200 bytes, inside the meta group", [temp.Path], RejectionCode.CorruptFile);
    }
}
