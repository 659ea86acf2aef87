using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Reports.Nifti;

/// <summary>
/// A reduced-resolution copy of the CT for the viewer's first image: block means over f×f×g voxels (f, g chosen so the copy
/// has at most <see cref="MaxVoxels"/> voxels), on a grid whose voxel centres are the block centres, so positions agree with
/// the full volume. A 512×512×275 CT (144 MB as int16) becomes 256×256×138 (18 MB), which a browser shows within a second.
/// </summary>
public static class PreviewVolume
{
    /// <summary>Largest preview, in voxels (int16: twice this in bytes).</summary>
    public const long MaxVoxels = 10_000_000;

    public static Volume<short> Make(Volume<short> ct, int threads = 0)
    {
        var g = ct.Geometry;
        int f = 2, fz = 1; // at least halved in-plane: a preview as large as the CT would gain nothing
        // In-plane first (CT rows are the finest axis); the slice axis only when slices are thin enough to lose nothing visible.
        while ((long)Blocks(g.SizeX, f) * Blocks(g.SizeY, f) * Blocks(g.SizeZ, fz) > MaxVoxels)
        {
            if (f <= fz || g.Spacing.Z * fz >= 2 * g.Spacing.X * f) f++;
            else fz++;
        }
        int nx = Blocks(g.SizeX, f), ny = Blocks(g.SizeY, f), nz = Blocks(g.SizeZ, fz);
        // The centre of block (0,0,0) is the mean position of its voxels; a short last block (odd size) is averaged over what it has.
        var origin = g.IndexToLps((f - 1) / 2.0, (f - 1) / 2.0, (fz - 1) / 2.0);
        var pg = new VolumeGeometry(nx, ny, nz, new Vec3(g.Spacing.X * f, g.Spacing.Y * f, g.Spacing.Z * fz), origin, g.AxisX, g.AxisY, g.AxisZ);
        var preview = new Volume<short>(pg);
        var src = ct.Data;
        var dst = preview.Data;
        Parallel.For(0, nz, Parallelism.Options(threads), z =>
        {
            int z0 = z * fz, z1 = Math.Min(g.SizeZ, z0 + fz);
            for (int y = 0; y < ny; y++)
            {
                int y0 = y * f, y1 = Math.Min(g.SizeY, y0 + f);
                for (int x = 0; x < nx; x++)
                {
                    int x0 = x * f, x1 = Math.Min(g.SizeX, x0 + f);
                    long sum = 0;
                    int n = 0;
                    for (int zz = z0; zz < z1; zz++)
                    for (int yy = y0; yy < y1; yy++)
                    {
                        long row = g.Index(0, yy, zz);
                        for (int xx = x0; xx < x1; xx++) { sum += src[row + xx]; n++; }
                    }
                    dst[pg.Index(x, y, z)] = (short)Math.Round((double)sum / n);
                }
            }
        });
        return preview;
    }

    private static int Blocks(int size, int f) => (size + f - 1) / f;
}
