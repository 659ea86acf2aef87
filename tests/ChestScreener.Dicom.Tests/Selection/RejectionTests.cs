using ChestScreener.Imaging;
using ChestScreener.Tests;

namespace ChestScreener.Dicom.Tests.Selection;

/// <summary>Every negative input gets the right rejection code; the head CT and abdomen NIfTI still read with the chest checks off.</summary>
public class RejectionTests
{
    private static ScreenerException Rejected(string path, ReadOptions? options = null) =>
        Assert.Throws<ScreenerException>(() => StudyReader.Read([path], options));

    [SkippableTheory]
    [InlineData("negative/mr-brain-series")]
    [InlineData("negative/cr-chest-xray.dcm")]
    [InlineData("negative/ultrasound.dcm")]
    public void Non_ct_inputs_are_not_ct_from_the_tags(string item)
    {
        var e = Rejected(TestData.Require(item));
        Assert.Equal(RejectionCode.NotCt, e.Code);
        // The passport alone decides: inspection (no pixel decoding) gives the same code.
        var inspection = StudyReader.Inspect([TestData.Require(item)]);
        Assert.Equal("not_ct", inspection.Rejection?.Code);
    }

    [SkippableFact]
    public void Cr_is_not_ct_even_with_chest_checks_off()
    {
        var e = Rejected(TestData.Require("negative/cr-chest-xray.dcm"), ReadOptions.NoChestChecks);
        Assert.Equal(RejectionCode.NotCt, e.Code);
    }

    [SkippableFact]
    public void Head_ct_is_not_chest_by_its_tag()
    {
        var e = Rejected(TestData.Require("negative/head-ct-gantry-tilt"));
        Assert.Equal(RejectionCode.NotChest, e.Code);
        Assert.Contains("HEAD", e.Message);
    }

    [SkippableFact]
    public void Head_ct_with_chest_checks_off_is_resampled_onto_an_orthogonal_grid()
    {
        var v = StudyReader.Read([TestData.Require("negative/head-ct-gantry-tilt")], ReadOptions.NoChestChecks);
        var g = v.Geometry;
        Assert.True(g.IsOrthogonal(1e-6));
        Assert.Contains(v.Warnings, w => w.Contains("gantry tilt", StringComparison.Ordinal));
        Assert.Contains(v.Warnings, w => w.Contains("spacing", StringComparison.Ordinal) || w.Contains("missing", StringComparison.Ordinal));
        // 18.5 degrees of tilt over ~150 mm shifts the slices by ~48 mm: the grid grows to keep every pixel.
        Assert.True(g.SizeY > 512, $"rows {g.SizeY}");
        Assert.Equal(512, g.SizeX);
        // Regular steps along the normal, and the slice normal is the tilted one (0, 0.317, 0.948).
        Assert.InRange(g.AxisZ.Y, 0.31, 0.33);
        Assert.InRange(g.AxisZ.Z, 0.94, 0.96);
        // Brain and skull are there: a fair share of voxels is soft tissue, some is bone.
        long soft = 0, bone = 0;
        foreach (var hu in v.Hu.Data) { if (hu is > 0 and < 80) soft++; else if (hu > 400) bone++; }
        Assert.True(soft > g.VoxelCount / 50, $"soft {soft}");
        Assert.True(bone > g.VoxelCount / 500, $"bone {bone}");
        Assert.Equal("CT", v.Info.Modality);
        Assert.Equal("HEAD", v.Info.BodyPartExamined);
    }

    [SkippableFact]
    public void Abdomen_nifti_reads_with_and_without_chest_checks()
    {
        var path = TestData.Require("negative/abdomen-ct.nii.gz");
        var v = StudyReader.Read([path], ReadOptions.NoChestChecks);
        Assert.True(v.Geometry.SizeZ > 10);
        Assert.Equal("", v.Info.Modality);
        Assert.Equal(path, v.Info.Source);
        Assert.InRange(v.Hu.Data.Min(), (short)-1500, (short)-900);
        var again = StudyReader.Read([path]);
        Assert.Equal(v.Hu.Data, again.Hu.Data);
    }

    [SkippableFact]
    public void Broken_jpeg2000_is_corrupt_file_naming_the_file()
    {
        var folder = TestData.Require("corrupt/j2k-broken");
        var e = Rejected(folder, ReadOptions.NoChestChecks);
        Assert.Equal(RejectionCode.CorruptFile, e.Code);
        Assert.Matches(@"00000[0-2]\.dcm", e.Message);
        Assert.Contains("JPEG 2000", e.Message);
        // With the default checks too: a series this short is decoded before the coverage verdict, so the broken
        // stream is what gets reported.
        Assert.Equal(RejectionCode.CorruptFile, Rejected(folder).Code);
    }

    [Fact]
    public void Non_dicom_bytes_are_not_dicom_naming_the_file()
    {
        using var temp = TestData.NewTempFolder();
        var path = temp.File("notes.dcm");
        File.WriteAllBytes(path, System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("this is not a DICOM file\n", 200))));
        var e = Rejected(path);
        Assert.Equal(RejectionCode.NotDicom, e.Code);
        Assert.Contains("notes.dcm", e.Message);
        var random = temp.File("random.bin");
        var bytes = new byte[5000];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(random, bytes);
        Assert.Equal(RejectionCode.NotDicom, Rejected(temp.Path).Code);
    }

    [Fact]
    public void A_missing_path_is_rejected_not_crashed()
    {
        var e = Rejected("/nonexistent/chestscreener/study");
        Assert.Equal(RejectionCode.NotDicom, e.Code);
    }

    [SkippableFact]
    public void A_single_ct_slice_is_an_incomplete_series()
    {
        var e = Rejected(TestData.Require("syntax/ct_small.dcm"));
        Assert.Equal(RejectionCode.IncompleteSeries, e.Code);
    }
}
