using ChestScreener.Imaging;
using ChestScreener.Tests;

namespace ChestScreener.Dicom.Tests.Building;

/// <summary>Small written DICOM series: ordering by position, duplicates, gaps, mixed matrices, rescale, padding, series choice.</summary>
public class SyntheticSeriesTests
{
    /// <summary>Checks off except modality, with a coverage floor small enough for 16x16 toy series.</summary>
    private static readonly ReadOptions Toy = new() { MinCoverageMm = 5, MinSlices = 3 };

    /// <summary>Writes slices whose stored value encodes their z position (HU = z * 10 after the -1024 intercept).</summary>
    private static void WriteSeries(string folder, IEnumerable<(double Z, int Instance)> slices, Func<SyntheticSlice, SyntheticSlice>? edit = null)
    {
        foreach (var (z, instance) in slices)
        {
            var s = new SyntheticSlice { InstanceNumber = instance, Position = [-4, -4, z], Pixel = (_, _) => (short)(1024 + z * 10) };
            if (edit is not null) s = edit(s);
            // File names carry no order: random, so sorting by name would be wrong.
            SyntheticDicom.Write(Path.Combine(folder, $"img{Guid.NewGuid():N}.dcm"), s);
        }
    }

    private static short Hu(CtVolume v, int z) => v.Hu[3, 3, z];

    [Fact]
    public void Slices_are_ordered_by_position_along_the_normal_not_by_instance_number()
    {
        using var temp = TestData.NewTempFolder();
        // Instance numbers run against the positions and are shuffled.
        var zs = Enumerable.Range(0, 12).Select(k => 100.0 - 2 * k).ToList();
        var instances = new[] { 5, 1, 9, 12, 3, 7, 2, 11, 4, 8, 10, 6 };
        WriteSeries(temp.Path, zs.Select((z, i) => (z, instances[i])));
        var v = StudyReader.Read([temp.Path], Toy);
        Assert.Equal(12, v.Geometry.SizeZ);
        for (int k = 0; k < 12; k++) Assert.Equal((short)((78 + 2 * k) * 10), Hu(v, k));
        Assert.Equal(78, v.Geometry.Origin.Z, 6);
        Assert.Equal(2, v.Geometry.Spacing.Z, 6);
        Assert.Equal(new Imaging.Geometry.Vec3(0, 0, 1), v.Geometry.AxisZ);
        Assert.Empty(v.Warnings);
    }

    [Fact]
    public void Duplicate_positions_keep_one_slice_each_and_warn()
    {
        using var temp = TestData.NewTempFolder();
        WriteSeries(temp.Path, Enumerable.Range(0, 10).Select(k => (k * 1.0, k + 1)));
        // Two repeats of z=4 and z=7 with higher instance numbers and different pixels.
        WriteSeries(temp.Path, [(4.0, 50), (7.0, 51)], s => s with { Pixel = (_, _) => 3000 });
        var v = StudyReader.Read([temp.Path], Toy);
        Assert.Equal(10, v.Geometry.SizeZ);
        Assert.Equal((short)40, Hu(v, 4));
        Assert.Equal((short)70, Hu(v, 7));
        Assert.Contains(v.Warnings, w => w.Contains("repeat a position", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_slice_is_filled_by_interpolation_with_a_warning()
    {
        using var temp = TestData.NewTempFolder();
        WriteSeries(temp.Path, Enumerable.Range(0, 12).Where(k => k != 6).Select(k => (k * 2.0, k + 1)));
        var v = StudyReader.Read([temp.Path], Toy);
        Assert.Equal(12, v.Geometry.SizeZ);
        Assert.Equal(2, v.Geometry.Spacing.Z, 6);
        for (int k = 0; k < 12; k++) Assert.Equal((short)(k * 20), Hu(v, k));   // slice 6 = mean of 5 and 7
        Assert.Contains(v.Warnings, w => w.StartsWith("missing slices", StringComparison.Ordinal));
        Assert.True(v.Geometry.IsOrthogonal());
    }

    [Fact]
    public void A_long_gap_is_an_incomplete_series()
    {
        using var temp = TestData.NewTempFolder();
        WriteSeries(temp.Path, Enumerable.Range(0, 30).Where(k => k is < 10 or > 22).Select(k => (k * 1.0, k + 1)));
        var e = Assert.Throws<ScreenerException>(() => StudyReader.Read([temp.Path], Toy));
        Assert.Equal(RejectionCode.IncompleteSeries, e.Code);
        Assert.Contains("gap", e.Message);
        // Without the coverage checks the gap is filled.
        Assert.Equal(30, StudyReader.Read([temp.Path], ReadOptions.NoChestChecks).Geometry.SizeZ);
    }

    [Fact]
    public void Slices_with_another_matrix_size_are_left_out()
    {
        using var temp = TestData.NewTempFolder();
        WriteSeries(temp.Path, Enumerable.Range(0, 10).Select(k => (k * 1.0, k + 1)));
        WriteSeries(temp.Path, [(2.5, 20), (3.5, 21)], s => s with { Rows = 32, Columns = 32 });
        var v = StudyReader.Read([temp.Path], Toy);
        Assert.Equal(10, v.Geometry.SizeZ);
        Assert.Equal(16, v.Geometry.SizeX);
        Assert.Contains(v.Warnings, w => w.Contains("different matrix size", StringComparison.Ordinal));
    }

    [Fact]
    public void Rescale_rounds_non_integer_slopes_and_padding_becomes_air()
    {
        using var temp = TestData.NewTempFolder();
        WriteSeries(temp.Path, Enumerable.Range(0, 5).Select(k => (k * 1.0, k + 1)), s => s with
        {
            Slope = 0.5, Intercept = -1000, PaddingValue = -2000,
            Pixel = (x, _) => x == 0 ? (short)-2000 : x == 1 ? (short)-5000 : (short)(101 + x),
        });
        var v = StudyReader.Read([temp.Path], Toy);
        Assert.Equal(CtVolume.AirHu, v.Hu[0, 0, 0]);                      // PixelPaddingValue
        Assert.Equal(CtVolume.AirHu, v.Hu[1, 0, 0]);                      // -3500 HU: outside the scan field
        Assert.Equal((short)Math.Round((101 + 2) * 0.5 - 1000, MidpointRounding.AwayFromZero), v.Hu[2, 0, 0]);  // 51.5 -> -948
        Assert.Equal((short)(-1000 + (101 + 3) / 2), v.Hu[3, 0, 0]);
    }

    [Fact]
    public void Series_choice_skips_localizers_and_derived_series_and_prefers_more_then_thinner_slices()
    {
        using var temp = TestData.NewTempFolder();
        WriteSeries(temp.Path, Enumerable.Range(0, 20).Select(k => (k * 5.0, k + 1)), s => s with { SeriesUid = "1.2.3.thick" });
        WriteSeries(temp.Path, Enumerable.Range(0, 40).Select(k => (k * 2.5, k + 1)), s => s with { SeriesUid = "1.2.3.thin" });
        WriteSeries(temp.Path, Enumerable.Range(0, 90).Select(k => (k * 1.0, k + 1)), s => s with { SeriesUid = "1.2.3.mpr", ImageType = "DERIVED\\SECONDARY\\REFORMATTED" });
        WriteSeries(temp.Path, [(0.0, 1)], s => s with { SeriesUid = "1.2.3.scout", ImageType = "ORIGINAL\\PRIMARY\\LOCALIZER", Orientation = [1, 0, 0, 0, 0, -1] });
        WriteSeries(temp.Path, Enumerable.Range(0, 60).Select(k => (k * 1.0, k + 1)), s => s with { SeriesUid = "1.2.3.coronal", Orientation = [1, 0, 0, 0, 0, -1], Position = [-4, k(s), 0] });
        var inspection = StudyReader.Inspect([temp.Path], Toy);
        Assert.Equal(5, inspection.Series.Count);
        Assert.Equal("1.2.3.thin", inspection.SelectedSeriesUid);
        Assert.Null(inspection.Rejection);
        Assert.Contains("more slices", inspection.SelectionReason);
        Assert.Contains("reformatted", inspection.Series.Single(s => s.SeriesUid == "1.2.3.mpr").ExcludedBecause);
        Assert.Contains("localizer", inspection.Series.Single(s => s.SeriesUid == "1.2.3.scout").ExcludedBecause);
        Assert.Contains("coronal", inspection.Series.Single(s => s.SeriesUid == "1.2.3.coronal").ExcludedBecause);
        Assert.Equal([0.5, 0.5, 2.5], inspection.Series.Single(s => s.SeriesUid == "1.2.3.thin").SpacingMm);
        Assert.Equal("1.2.3.thin", StudyReader.Read([temp.Path], Toy).Info.SeriesUid);

        static double k(SyntheticSlice s) => s.Position[2];
    }

    [Fact]
    public void A_localizer_inside_the_axial_series_is_left_out()
    {
        using var temp = TestData.NewTempFolder();
        WriteSeries(temp.Path, [(0.0, 1)], s => s with { ImageType = "ORIGINAL\\PRIMARY\\LOCALIZER", Orientation = [1, 0, 0, 0, 0, -1], Rows = 32 });
        WriteSeries(temp.Path, Enumerable.Range(0, 12).Select(k => (k * 1.0, k + 2)));
        var v = StudyReader.Read([temp.Path], Toy);
        Assert.Equal(12, v.Geometry.SizeZ);
        Assert.Equal(16, v.Geometry.SizeY);
        Assert.Empty(v.Warnings);
    }

    [Fact]
    public void Equal_series_are_decided_by_step_then_kernel()
    {
        using var temp = TestData.NewTempFolder();
        WriteSeries(temp.Path, Enumerable.Range(0, 20).Select(k => (k * 1.0, k + 1)), s => s with { SeriesUid = "1.2.3.bone", Kernel = "BONE" });
        WriteSeries(temp.Path, Enumerable.Range(0, 20).Select(k => (k * 1.0, k + 1)), s => s with { SeriesUid = "1.2.3.soft", Kernel = "STANDARD" });
        WriteSeries(temp.Path, Enumerable.Range(0, 20).Select(k => (k * 2.0, k + 1)), s => s with { SeriesUid = "1.2.3.coarse", Kernel = "STANDARD" });
        var inspection = StudyReader.Inspect([temp.Path], Toy);
        Assert.Equal("1.2.3.soft", inspection.SelectedSeriesUid);
    }

    [Fact]
    public void Short_coverage_and_non_chest_body_parts_are_refused_before_decoding()
    {
        using var temp = TestData.NewTempFolder();
        WriteSeries(temp.Path, Enumerable.Range(0, 30).Select(k => (k * 1.0, k + 1)));
        Assert.Equal(RejectionCode.IncompleteSeries, Assert.Throws<ScreenerException>(() => StudyReader.Read([temp.Path])).Code);
        using var knee = TestData.NewTempFolder();
        WriteSeries(knee.Path, Enumerable.Range(0, 30).Select(k => (k * 1.0, k + 1)), s => s with { BodyPart = "KNEE" });
        Assert.Equal(RejectionCode.NotChest, Assert.Throws<ScreenerException>(() => StudyReader.Read([knee.Path], Toy)).Code);
        using var mr = TestData.NewTempFolder();
        WriteSeries(mr.Path, Enumerable.Range(0, 30).Select(k => (k * 1.0, k + 1)), s => s with { Modality = "MR" });
        Assert.Equal(RejectionCode.NotCt, Assert.Throws<ScreenerException>(() => StudyReader.Read([mr.Path], ReadOptions.NoChestChecks)).Code);
    }

    [Fact]
    public void Enhanced_multiframe_ct_frames_are_ordered_by_their_per_frame_positions()
    {
        using var temp = TestData.NewTempFolder();
        // Frames stored out of order; the value of each frame is 1024 + 10 * z, so HU = 10 * z.
        var zs = new[] { 6.0, 0.0, 10.0, 2.0, 8.0, 4.0, 14.0, 12.0 };
        SyntheticDicom.WriteEnhanced(temp.File("enhanced.dcm"), zs.Select(z => (z, (short)(1024 + 10 * z))).ToList());
        var inspection = StudyReader.Inspect([temp.Path], Toy);
        Assert.Null(inspection.Rejection);
        Assert.Equal(8, inspection.Series.Single().Slices);
        Assert.Equal(1, inspection.Series.Single().Files);
        var v = StudyReader.Read([temp.Path], Toy);
        Assert.Equal(8, v.Geometry.SizeZ);
        Assert.Equal(2, v.Geometry.Spacing.Z, 6);
        Assert.Equal(0.5, v.Geometry.Spacing.X, 6);
        Assert.Equal(0, v.Geometry.Origin.Z, 6);
        for (int k = 0; k < 8; k++) Assert.Equal((short)(20 * k), Hu(v, k));
        Assert.Empty(v.Warnings);
        // GDCM decodes the same file to the same eight frames (the path used for compressed enhanced CT).
        var header = Dicom.Gdcm.GdcmSeam.TryReadHeader(temp.File("enhanced.dcm"))!;
        var decoded = Dicom.Gdcm.GdcmSeam.Decode(header.Path, header.TransferSyntaxUid);
        Assert.Equal(8, decoded.Frames);
        var native = Dicom.Building.NativePixelReader.TryRead(header)!;
        Assert.True(decoded.Buffer.AsSpan(0, 8 * 16 * 16 * 2).SequenceEqual(native.Buffer.AsSpan(0, 8 * 16 * 16 * 2)));
    }

    [Theory]
    [InlineData("HEAD", true)]
    [InlineData("ABDOMEN", true)]
    [InlineData("KNEE", true)]
    [InlineData("ABDOMEN PELVIS", true)]
    [InlineData("CHEST", false)]
    [InlineData("THORAX", false)]
    [InlineData("CHEST_ABDOMEN", false)]
    [InlineData("CHEST ABDOMEN PELVIS", false)]
    [InlineData("", false)]
    [InlineData("UNKNOWN", false)]
    [InlineData("WHOLEBODY", false)]
    public void Body_part_rule_rejects_only_clear_non_chest_values(string bodyPart, bool notChest) =>
        Assert.Equal(notChest, Dicom.Selection.Passport.IsClearlyNotChest(bodyPart));
}
