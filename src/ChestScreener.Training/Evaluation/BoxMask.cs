using ChestScreener.Imaging.Geometry;
using ChestScreener.Training.Data;

namespace ChestScreener.Training.Evaluation;

/// <summary>
/// Marks the voxels of any grid (the model grid, the CT grid, oblique or not) whose centres lie inside LPS boxes widened
/// by a margin: one rule for every evaluation, so the model-grid and CT-grid numbers count the same voxels.
/// </summary>
public static class BoxMask
{
    public static void Mark(VolumeGeometry g, IReadOnlyList<LpsBox> boxes, double dilateMm, byte[] mask)
    {
        if (mask.LongLength != (long)g.SizeX * g.SizeY * g.SizeZ) throw new ArgumentException("mask does not match the grid", nameof(mask));
        foreach (var box in boxes)
        {
            var b = box.Dilate(dilateMm);
            // The index-space hull of the box's eight corners bounds the loop; the LPS test per voxel decides.
            double[] lo = [double.MaxValue, double.MaxValue, double.MaxValue], hi = [double.MinValue, double.MinValue, double.MinValue];
            for (int c = 0; c < 8; c++)
            {
                var p = g.LpsToIndex(new Vec3((c & 1) == 0 ? b.Min.X : b.Max.X, (c & 2) == 0 ? b.Min.Y : b.Max.Y, (c & 4) == 0 ? b.Min.Z : b.Max.Z));
                lo[0] = Math.Min(lo[0], p.X); lo[1] = Math.Min(lo[1], p.Y); lo[2] = Math.Min(lo[2], p.Z);
                hi[0] = Math.Max(hi[0], p.X); hi[1] = Math.Max(hi[1], p.Y); hi[2] = Math.Max(hi[2], p.Z);
            }
            int x0 = Math.Max(0, (int)Math.Floor(lo[0])), x1 = Math.Min(g.SizeX - 1, (int)Math.Ceiling(hi[0]));
            int y0 = Math.Max(0, (int)Math.Floor(lo[1])), y1 = Math.Min(g.SizeY - 1, (int)Math.Ceiling(hi[1]));
            int z0 = Math.Max(0, (int)Math.Floor(lo[2])), z1 = Math.Min(g.SizeZ - 1, (int)Math.Ceiling(hi[2]));
            if (x0 > x1 || y0 > y1 || z0 > z1) continue;
            Parallel.For(z0, z1 + 1, z =>
            {
                for (int y = y0; y <= y1; y++)
                    for (int x = x0; x <= x1; x++)
                    {
                        var p = g.IndexToLps(x, y, z);
                        if (p.X >= b.Min.X && p.X <= b.Max.X && p.Y >= b.Min.Y && p.Y <= b.Max.Y && p.Z >= b.Min.Z && p.Z <= b.Max.Z)
                            mask[g.Index(x, y, z)] = 1;
                    }
            });
        }
    }
}
