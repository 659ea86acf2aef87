using ChestScreener.Imaging;

namespace ChestScreener.Dicom.Output;

/// <summary>
/// Carries a mask from the analysis volume onto the source series' own slices (nearest voxel by patient position), so a
/// SEG frame lies exactly on a source image. Without resampling (the usual case) this is a copy of volume slice k.
/// </summary>
public static class SourceGridMask
{
    /// <summary>One source slice's mask (rows x columns, row-major); null when the slice has no mask pixel.</summary>
    public static byte[]?[] Map(Volume<byte> mask, DicomSourceSeries source)
    {
        var g = mask.Geometry;
        var hasAny = new bool[g.SizeZ];
        for (int z = 0; z < g.SizeZ; z++) hasAny[z] = mask.Slice(z).IndexOfAnyExcept((byte)0) >= 0;

        var frames = new byte[]?[source.Images.Count];
        int cols = source.Columns, rows = source.Rows;
        Parallel.For(0, frames.Length, k =>
        {
            var p = source.Images[k].Position;
            var i0 = g.LpsToIndex(p);
            var di = g.LpsToIndex(p + source.RowDirection * source.SpacingX) - i0;
            var dj = g.LpsToIndex(p + source.ColumnDirection * source.SpacingY) - i0;
            // A slice parallel to the volume's slices reads one volume slice: skip it when that slice is empty.
            if (Math.Abs(di.Z) < 1e-6 && Math.Abs(dj.Z) < 1e-6)
            {
                int z = (int)Math.Round(i0.Z);
                if (z < 0 || z >= g.SizeZ || !hasAny[z]) return;
            }
            byte[]? frame = null;
            for (int j = 0; j < rows; j++)
            {
                double bx = i0.X + j * dj.X, by = i0.Y + j * dj.Y, bz = i0.Z + j * dj.Z;
                for (int i = 0; i < cols; i++)
                {
                    int x = (int)Math.Round(bx + i * di.X), y = (int)Math.Round(by + i * di.Y), z = (int)Math.Round(bz + i * di.Z);
                    if (!g.Contains(x, y, z) || mask.Data[g.Index(x, y, z)] == 0) continue;
                    frame ??= new byte[rows * cols];
                    frame[j * cols + i] = 1;
                }
            }
            frames[k] = frame;
        });
        return frames;
    }
}
