using ChestScreener.Dicom.Output;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Pacs.Tests;

/// <summary>The mask is carried onto the source slices by patient position, also when the volume grid is not the slice grid.</summary>
public sealed class SourceGridMaskTests
{
    [Fact]
    public void Mask_lands_on_the_source_slice_at_the_same_position_when_the_volume_was_resampled()
    {
        // Volume: 2.5 mm steps; source: every other position (5 mm steps), flipped in x (row direction -x).
        var volume = new Volume<byte>(VolumeGeometry.Axial(10, 8, 20, new Vec3(1, 1, 2.5)));
        volume[3, 2, 4] = 1; // z = 10 mm
        volume[3, 2, 5] = 1; // z = 12.5 mm: between source slices 2 (10 mm) and 3 (15 mm), which read volume slices 4 and 6
        var images = Enumerable.Range(0, 10).Select(k => new SourceImage(DicomUids.CtImage, $"1.2.3.{k}", 0, new Vec3(9, 0, 5.0 * k))).ToList();
        var source = new DicomSourceSeries
        {
            Images = images, Columns = 10, Rows = 8, RowDirection = new Vec3(-1, 0, 0), ColumnDirection = new Vec3(0, 1, 0),
            SpacingX = 1, SpacingY = 1, SliceThicknessMm = 5,
        };
        var frames = SourceGridMask.Map(volume, source);
        Assert.NotNull(frames[2]);
        Assert.Null(frames[0]);
        Assert.Null(frames[4]);
        // Voxel x = 3 is column 9 - 3 = 6 of a source image whose columns run towards -x.
        Assert.Equal(1, frames[2]![2 * 10 + 6]);
        Assert.Equal(1, frames[2]!.Count(v => v != 0));
    }
}
