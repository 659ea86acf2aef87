using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// Turns a signed-distance shape into per-voxel partial-volume weights: 2x2 in-plane x 3 through-plane sub-samples of
/// a smoothstep edge (the blur of a reconstructed edge), so a 2 mm slice blurs a surface along z as a real one does.
/// Visits only the voxels within the shape's reach; slices run in parallel.
/// </summary>
internal static class BlobRaster
{
    public delegate void VoxelAction(int x, int y, int z, long index, double alpha, double px, double py, double pz);

    /// <summary>Calls <paramref name="action"/> for every voxel with weight ≥ <see cref="LesionCanvas.MinAlpha"/>; px/py/pz are the voxel's offsets from the centre (mm).</summary>
    public static void Paint(VolumeGeometry g, (int X, int Y, int Z) c, double reachMm, Func<double, double, double, double> sdf, double edgeMm, VoxelAction action)
    {
        double sx = g.Spacing.X, sy = g.Spacing.Y, sz = g.Spacing.Z;
        int rx = (int)Math.Ceiling(reachMm / sx) + 1, ry = (int)Math.Ceiling(reachMm / sy) + 1, rz = (int)Math.Ceiling(reachMm / sz) + 1;
        int z0 = Math.Max(0, c.Z - rz), z1 = Math.Min(g.SizeZ - 1, c.Z + rz);
        int y0 = Math.Max(0, c.Y - ry), y1 = Math.Min(g.SizeY - 1, c.Y + ry);
        int x0 = Math.Max(0, c.X - rx), x1 = Math.Min(g.SizeX - 1, c.X + rx);
        double halfDiag = 0.5 * Math.Sqrt(sx * sx + sy * sy + sz * sz) + edgeMm;
        Parallel.For(z0, z1 + 1, new ParallelOptions { MaxDegreeOfParallelism = 2 }, z =>
        {
            double pz = (z - c.Z) * sz;
            for (int y = y0; y <= y1; y++)
            {
                double py = (y - c.Y) * sy;
                for (int x = x0; x <= x1; x++)
                {
                    double px = (x - c.X) * sx;
                    double d = sdf(px, py, pz);
                    double alpha;
                    if (d > halfDiag) continue;
                    if (d < -halfDiag) alpha = 1;
                    else
                    {
                        double sum = 0;
                        for (int k = -1; k <= 1; k++)
                            for (int j = -1; j <= 1; j += 2)
                                for (int i = -1; i <= 1; i += 2)
                                    sum += LesionCanvas.Edge(sdf(px + i * 0.25 * sx, py + j * 0.25 * sy, pz + k * sz / 3.0), edgeMm);
                        alpha = sum / 12;
                    }
                    if (alpha < LesionCanvas.MinAlpha) continue;
                    action(x, y, z, g.Index(x, y, z), alpha, px, py, pz);
                }
            }
        });
    }
}
