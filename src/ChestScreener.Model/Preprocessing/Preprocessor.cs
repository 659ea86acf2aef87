using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Model.Preprocessing;

/// <summary>
/// The one preprocessing used by training and inference: resample to the isotropic model spacing in the model's patient
/// orientation (2x2x2 supersampled trilinear, so thin slices are averaged rather than aliased), body mask and crop, HU
/// window to [0,1], per-slice CLAHE.
/// </summary>
public static class Preprocessor
{
    /// <param name="steps">When given, receives the seconds of "preprocess" (resample, body, crop) and "clahe".</param>
    public static PreprocessedVolume Run(CtVolume ct, PreprocessingConfig cfg, int threads = 2, StepTimes? steps = null)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var g = ct.Geometry;
        double s = cfg.SpacingMm;
        var full = ModelGridMap.Plan(g, cfg.Orientation, s, out var size);
        int fx = size[0], fy = size[1], fz = size[2];
        var po = Parallelism.Options(threads);

        // Full-extent resample of HU first; the body is found on this small grid. Each model voxel averages 2x2x2
        // trilinear samples a quarter step either side of its centre along the model axes.
        var hu = new float[(long)fx * fy * fz];
        var src = ct.Hu.Data;
        var q0 = Quarter(full, 0);
        var q1 = Quarter(full, 1);
        var q2 = Quarter(full, 2);
        Parallel.For(0, fz, po, k =>
        {
            for (int j = 0; j < fy; j++)
            {
                for (int i = 0; i < fx; i++)
                {
                    var c = full.ToCtIndex(i, j, k);
                    float acc = 0;
                    for (int d = 0; d < 8; d++)
                    {
                        var p = c + ((d & 1) == 0 ? -q0 : q0) + ((d & 2) == 0 ? -q1 : q1) + ((d & 4) == 0 ? -q2 : q2);
                        acc += Trilinear.Sample(src, g.SizeX, g.SizeY, g.SizeZ, p.X, p.Y, p.Z, CtVolume.AirHu);
                    }
                    hu[((long)k * fy + j) * fx + i] = acc / 8;
                }
            }
        });
        var body = BodyMask.Compute(hu, fx, fy, fz, (float)cfg.BodyThresholdHu, threads);

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

        steps?.Add("preprocess", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        long claheStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        var contrast = new float[intensity.Length];
        int tile = Math.Max(4, (int)Math.Round(cfg.ClaheTileMm / s));
        int slice = nx * ny;
        Parallel.For(0, nz, po, k =>
            Clahe.Apply(intensity.AsSpan(k * slice, slice), contrast.AsSpan(k * slice, slice), nx, ny, tile, cfg.ClaheBins, cfg.ClaheClipLimit));

        steps?.Add("clahe", System.Diagnostics.Stopwatch.GetElapsedTime(claheStarted).TotalSeconds);
        var map = full.Shift(x0, y0, z0);
        Vec3[] ctAxes = [g.AxisX, g.AxisY, g.AxisZ];
        Vec3 Axis(int a) => ctAxes[map.CtAxis[a]] * Math.Sign(map.CtStep[a]);
        var o = map.Offset;
        var geometry = new VolumeGeometry(nx, ny, nz, new Vec3(s, s, s), g.IndexToLps(o.X, o.Y, o.Z), Axis(0), Axis(1), Axis(2));
        return new PreprocessedVolume
        {
            Geometry = geometry,
            Intensity = intensity,
            Contrast = contrast,
            Body = bodyCrop,
            Map = map,
            BodyBox = [box[0] - x0, box[1] - y0, box[2] - z0, box[3] - x0, box[4] - y0, box[5] - z0],
        };
    }

    // A quarter of one model step along model axis a, in CT index units.
    private static Vec3 Quarter(ModelGridMap map, int a)
    {
        Span<double> v = [0, 0, 0];
        v[map.CtAxis[a]] = map.CtStep[a] / 4;
        return new Vec3(v[0], v[1], v[2]);
    }
}
