using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Imaging.Filters;

/// <summary>Block-mean reduction of a volume by integer factors, and the matching reduced geometry.</summary>
public static class Downsample
{
    /// <summary>
    /// Geometry of the reduced grid: voxel (i,j,k) covers full voxels [f*i, f*i+f) on each axis, so its centre sits at
    /// full index f*i + (f-1)/2. Sizes round up; the last block may be partial.
    /// </summary>
    public static VolumeGeometry ReducedGeometry(VolumeGeometry g, int fx, int fy, int fz) =>
        new((g.SizeX + fx - 1) / fx, (g.SizeY + fy - 1) / fy, (g.SizeZ + fz - 1) / fz,
            new Vec3(g.Spacing.X * fx, g.Spacing.Y * fy, g.Spacing.Z * fz),
            g.IndexToLps((fx - 1) / 2.0, (fy - 1) / 2.0, (fz - 1) / 2.0), g.AxisX, g.AxisY, g.AxisZ);

    /// <summary>Mean of each fx*fy*fz block (partial blocks at the far edges average what they have).</summary>
    public static Volume<short> BlockMean(Volume<short> src, int fx, int fy, int fz, int threads = 0)
    {
        if (fx < 1 || fy < 1 || fz < 1) throw new ArgumentOutOfRangeException(nameof(fx), "factors must be >= 1");
        var g = ReducedGeometry(src.Geometry, fx, fy, fz);
        var dst = new Volume<short>(g);
        int nx = src.SizeX, ny = src.SizeY, nz = src.SizeZ, ox = g.SizeX, oy = g.SizeY;
        var s = src.Data;
        var d = dst.Data;
        Parallel.For(0, g.SizeZ, Grid3.Parallelism(threads), () => new int[ox], (k, _, acc) =>
        {
            int z0 = k * fz, z1 = Math.Min(nz, z0 + fz);
            for (int j = 0; j < oy; j++)
            {
                int y0 = j * fy, y1 = Math.Min(ny, y0 + fy);
                Array.Clear(acc);
                for (int z = z0; z < z1; z++)
                {
                    for (int y = y0; y < y1; y++)
                    {
                        var row = s.AsSpan((int)(((long)z * ny + y) * nx), nx);
                        if (fx == 2)
                        {
                            int pairs = nx / 2;
                            for (int i = 0; i < pairs; i++) acc[i] += row[2 * i] + row[2 * i + 1];
                            if ((nx & 1) != 0) acc[pairs] += 2 * row[nx - 1];
                        }
                        else
                        {
                            for (int i = 0, x = 0; i < ox; i++)
                            {
                                int x1 = Math.Min(nx, x + fx), sum = 0, count = x1 - x;
                                for (; x < x1; x++) sum += row[x];
                                acc[i] += sum * fx / count;
                            }
                        }
                    }
                }
                long o = ((long)k * oy + j) * ox;
                int n = fx * (y1 - y0) * (z1 - z0);
                for (int i = 0; i < ox; i++) d[o + i] = (short)(acc[i] / n);
            }
            return acc;
        }, _ => { });
        return dst;
    }
}
