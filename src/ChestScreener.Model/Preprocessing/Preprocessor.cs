using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Model.Preprocessing;

/// <summary>
/// The one preprocessing used by training and inference: resample to the isotropic model spacing (2x2x2 supersampled
/// trilinear, so thin slices are averaged rather than aliased), body mask and crop, HU window to [0,1], per-slice CLAHE.
/// </summary>
public static class Preprocessor
{
    public static PreprocessedVolume Run(CtVolume ct, PreprocessingConfig cfg, int threads = 2)
    {
        var g = ct.Geometry;
        double s = cfg.SpacingMm;
        var step = new Vec3(s / g.Spacing.X, s / g.Spacing.Y, s / g.Spacing.Z);
        int fx = Math.Max(1, (int)Math.Floor((g.SizeX - 1) / step.X) + 1);
        int fy = Math.Max(1, (int)Math.Floor((g.SizeY - 1) / step.Y) + 1);
        int fz = Math.Max(1, (int)Math.Floor((g.SizeZ - 1) / step.Z) + 1);
        var po = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };

        // Full-extent resample of HU first; the body is found on this small grid.
        var hu = new float[(long)fx * fy * fz];
        var src = ct.Hu.Data;
        Parallel.For(0, fz, po, k =>
        {
            double qx = step.X / 4, qy = step.Y / 4, qz = step.Z / 4;
            for (int j = 0; j < fy; j++)
            {
                for (int i = 0; i < fx; i++)
                {
                    double cx = i * step.X, cy = j * step.Y, cz = k * step.Z;
                    float acc = 0;
                    for (int d = 0; d < 8; d++)
                    {
                        acc += Trilinear.Sample(src, g.SizeX, g.SizeY, g.SizeZ,
                            cx + ((d & 1) == 0 ? -qx : qx), cy + ((d & 2) == 0 ? -qy : qy), cz + ((d & 4) == 0 ? -qz : qz), CtVolume.AirHu);
                    }
                    hu[((long)k * fy + j) * fx + i] = acc / 8;
                }
            }
        });
        var body = BodyMask.Compute(hu, fx, fy, fz, (float)cfg.BodyThresholdHu);

        int[] box = [int.MaxValue, int.MaxValue, int.MaxValue, -1, -1, -1];
        for (int k = 0; k < fz; k++)
            for (int j = 0; j < fy; j++)
                for (int i = 0; i < fx; i++)
                {
                    if (body[((long)k * fy + j) * fx + i] == 0) continue;
                    if (i < box[0]) box[0] = i; if (j < box[1]) box[1] = j; if (k < box[2]) box[2] = k;
                    if (i > box[3]) box[3] = i; if (j > box[4]) box[4] = j; if (k > box[5]) box[5] = k;
                }
        if (box[3] < 0) box = [0, 0, 0, fx - 1, fy - 1, fz - 1];
        int m = (int)Math.Ceiling(cfg.BodyMarginMm / s);
        int x0 = Math.Max(0, box[0] - m), y0 = Math.Max(0, box[1] - m), z0 = Math.Max(0, box[2] - m);
        int x1 = Math.Min(fx - 1, box[3] + m), y1 = Math.Min(fy - 1, box[4] + m), z1 = Math.Min(fz - 1, box[5] + m);
        int nx = x1 - x0 + 1, ny = y1 - y0 + 1, nz = z1 - z0 + 1;

        var intensity = new float[nx * ny * nz];
        var bodyCrop = new byte[nx * ny * nz];
        float lo = (float)cfg.HuMin, range = (float)(cfg.HuMax - cfg.HuMin);
        for (int k = 0; k < nz; k++)
            for (int j = 0; j < ny; j++)
            {
                long srcRow = ((long)(k + z0) * fy + (j + y0)) * fx + x0;
                int dstRow = (k * ny + j) * nx;
                for (int i = 0; i < nx; i++)
                {
                    intensity[dstRow + i] = Math.Clamp((hu[srcRow + i] - lo) / range, 0f, 1f);
                    bodyCrop[dstRow + i] = body[srcRow + i];
                }
            }

        var contrast = new float[intensity.Length];
        int tile = Math.Max(4, (int)Math.Round(cfg.ClaheTileMm / s));
        int slice = nx * ny;
        Parallel.For(0, nz, po, k =>
            Clahe.Apply(intensity.AsSpan(k * slice, slice), contrast.AsSpan(k * slice, slice), nx, ny, tile, cfg.ClaheBins, cfg.ClaheClipLimit));

        var geometry = new VolumeGeometry(nx, ny, nz, new Vec3(s, s, s),
            g.IndexToLps(x0 * step.X, y0 * step.Y, z0 * step.Z), g.AxisX, g.AxisY, g.AxisZ);
        return new PreprocessedVolume
        {
            Geometry = geometry,
            Intensity = intensity,
            Contrast = contrast,
            Body = bodyCrop,
            Offset = new Vec3(x0 * step.X, y0 * step.Y, z0 * step.Z),
            Step = step,
            BodyBox = [box[0] - x0, box[1] - y0, box[2] - z0, box[3] - x0, box[4] - y0, box[5] - z0],
        };
    }
}
