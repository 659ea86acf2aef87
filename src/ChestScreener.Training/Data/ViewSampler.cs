using ChestScreener.Model.Preprocessing;

namespace ChestScreener.Training.Data;

/// <summary>
/// Draws DenseVICReg view pairs: two overlapping crops of one volume, each with its own small rotation/scale
/// (spacing change), left-right mirroring and intensity jitter, and the positions of common physical points in both.
/// Each view is also made to look as another scanner would have made it (<see cref="ScanAppearance"/>: slice
/// thickness, smooth to sharp kernel with correlated noise, IV contrast), so the descriptor learns to ignore how the
/// scan was made. Crops whose footprint touches an exclusion box are redrawn, so lesions are never seen.
/// </summary>
public sealed class ViewSampler(int size, int points, PreprocessingConfig prep)
{
    private readonly float _padIntensity = (float)Math.Clamp((-1024 - prep.HuMin) / (prep.HuMax - prep.HuMin), 0, 1);

    public int Size => size;

    public ViewPair? TrySample(TrainingVolume tv, Random rng)
    {
        var v = tv.Volume;
        double h = (size - 1) / 2.0;
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int idx = tv.BodySamples[rng.Next(tv.BodySamples.Length)];
            double cx = idx % v.SizeX, cy = idx / v.SizeX % v.SizeY, cz = idx / (v.SizeX * v.SizeY);
            double[] c1 = [cx, cy, cz];
            double r = size / 3.0;
            double[] c2 = [cx + Uni(rng, -r, r), cy + Uni(rng, -r, r), cz + Uni(rng, -r, r)];
            var m1 = RandomMatrix(rng);
            var m2 = RandomMatrix(rng);
            if (Touches(tv, c1, m1, h) || Touches(tv, c2, m2, h)) continue;

            var inv2 = Invert(m2);
            var g1 = new float[points * 3];
            var g2 = new float[points * 3];
            int got = 0;
            for (int t = 0; t < points * 30 && got < points; t++)
            {
                double o1x = Uni(rng, 0, size - 1), o1y = Uni(rng, 0, size - 1), o1z = Uni(rng, 0, size - 1);
                Apply(m1, o1x - h, o1y - h, o1z - h, out double px, out double py, out double pz);
                px += c1[0]; py += c1[1]; pz += c1[2];
                Apply(inv2, px - c2[0], py - c2[1], pz - c2[2], out double o2x, out double o2y, out double o2z);
                o2x += h; o2y += h; o2z += h;
                if (o2x < 0 || o2y < 0 || o2z < 0 || o2x > size - 1 || o2y > size - 1 || o2z > size - 1) continue;
                int ix = (int)Math.Round(px), iy = (int)Math.Round(py), iz = (int)Math.Round(pz);
                bool inBody = v.Geometry.Contains(ix, iy, iz) && v.Body[(iz * v.SizeY + iy) * v.SizeX + ix] != 0;
                if (!inBody && rng.NextDouble() > 0.05) continue;
                double k = 2.0 / (size - 1);
                g1[3 * got] = (float)(o1x * k - 1); g1[3 * got + 1] = (float)(o1y * k - 1); g1[3 * got + 2] = (float)(o1z * k - 1);
                g2[3 * got] = (float)(o2x * k - 1); g2[3 * got + 1] = (float)(o2y * k - 1); g2[3 * got + 2] = (float)(o2z * k - 1);
                got++;
            }
            if (got < points / 2) continue;
            for (int i = got; i < points; i++)
            {
                int j = rng.Next(got);
                Array.Copy(g1, 3 * j, g1, 3 * i, 3);
                Array.Copy(g2, 3 * j, g2, 3 * i, 3);
            }
            return new ViewPair(Render(v, c1, m1, h, rng), Render(v, c2, m2, h, rng), g1, g2);
        }
        return null;
    }

    private bool Touches(TrainingVolume tv, double[] c, double[] m, double h)
    {
        double[] box = [double.MaxValue, double.MaxValue, double.MaxValue, double.MinValue, double.MinValue, double.MinValue];
        for (int k = 0; k < 8; k++)
        {
            Apply(m, (k & 1) == 0 ? -h : h, (k & 2) == 0 ? -h : h, (k & 4) == 0 ? -h : h, out double x, out double y, out double z);
            x += c[0]; y += c[1]; z += c[2];
            box[0] = Math.Min(box[0], x); box[1] = Math.Min(box[1], y); box[2] = Math.Min(box[2], z);
            box[3] = Math.Max(box[3], x); box[4] = Math.Max(box[4], y); box[5] = Math.Max(box[5], z);
        }
        return tv.Intersects(box[0], box[1], box[2], box[3], box[4], box[5]);
    }

    private float[] Render(PreprocessedVolume v, double[] c, double[] m, double h, Random rng)
    {
        int n3 = size * size * size;
        var dst = new float[2 * n3];
        float a = (float)Uni(rng, 0.9, 1.1), b = (float)Uni(rng, -0.04, 0.04);
        float noise = (float)Uni(rng, 0, 0.02);
        int seed = rng.Next();
        Parallel.For(0, size, z =>
        {
            var local = new Random(seed + z);
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    Apply(m, x - h, y - h, z - h, out double px, out double py, out double pz);
                    px += c[0]; py += c[1]; pz += c[2];
                    int o = (z * size + y) * size + x;
                    float i0 = Trilinear.Sample(v.Intensity, v.SizeX, v.SizeY, v.SizeZ, px, py, pz, _padIntensity);
                    float i1 = Trilinear.Sample(v.Contrast, v.SizeX, v.SizeY, v.SizeZ, px, py, pz, 0f);
                    float n0 = noise * Gauss(local), n1 = noise * Gauss(local);
                    dst[o] = a * i0 + b + n0;
                    dst[n3 + o] = a * i1 + b + n1;
                }
            }
        });
        if (rng.NextDouble() < 0.3)
        {
            ScanAppearance.Blur(dst.AsSpan(0, n3), size);
            ScanAppearance.Blur(dst.AsSpan(n3, n3), size);
        }
        ScanAppearance.Apply(dst, size, prep, rng);
        return dst;
    }

    /// <summary>
    /// Row-major 3x3: rotation (up to 15 deg in-plane, 6 deg out of plane) times an isotropic 0.85-1.15 scale, mirrored
    /// left-right half of the time (a lesion or a normal lung looks the same on either side).
    /// </summary>
    private static double[] RandomMatrix(Random rng)
    {
        double az = Uni(rng, -15, 15) * Math.PI / 180, ax = Uni(rng, -6, 6) * Math.PI / 180, ay = Uni(rng, -6, 6) * Math.PI / 180;
        double s = Uni(rng, 0.85, 1.15);
        double[] rz = [Math.Cos(az), -Math.Sin(az), 0, Math.Sin(az), Math.Cos(az), 0, 0, 0, 1];
        double[] rx = [1, 0, 0, 0, Math.Cos(ax), -Math.Sin(ax), 0, Math.Sin(ax), Math.Cos(ax)];
        double[] ry = [Math.Cos(ay), 0, Math.Sin(ay), 0, 1, 0, -Math.Sin(ay), 0, Math.Cos(ay)];
        var m = Mul(Mul(rz, rx), ry);
        for (int i = 0; i < 9; i++) m[i] *= s;
        if (rng.NextDouble() < 0.5) { m[0] = -m[0]; m[3] = -m[3]; m[6] = -m[6]; }
        return m;
    }

    private static double[] Mul(double[] p, double[] q)
    {
        var r = new double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                r[3 * i + j] = p[3 * i] * q[j] + p[3 * i + 1] * q[3 + j] + p[3 * i + 2] * q[6 + j];
        return r;
    }

    private static double[] Invert(double[] m)
    {
        double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
        double inv = 1.0 / det;
        return
        [
            (m[4] * m[8] - m[5] * m[7]) * inv, (m[2] * m[7] - m[1] * m[8]) * inv, (m[1] * m[5] - m[2] * m[4]) * inv,
            (m[5] * m[6] - m[3] * m[8]) * inv, (m[0] * m[8] - m[2] * m[6]) * inv, (m[2] * m[3] - m[0] * m[5]) * inv,
            (m[3] * m[7] - m[4] * m[6]) * inv, (m[1] * m[6] - m[0] * m[7]) * inv, (m[0] * m[4] - m[1] * m[3]) * inv,
        ];
    }

    private static void Apply(double[] m, double x, double y, double z, out double ox, out double oy, out double oz)
    {
        ox = m[0] * x + m[1] * y + m[2] * z;
        oy = m[3] * x + m[4] * y + m[5] * z;
        oz = m[6] * x + m[7] * y + m[8] * z;
    }

    private static double Uni(Random rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();

    private static float Gauss(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
