using ChestScreener.Imaging;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// Estimates the scan's noise SD (HU) from 7x7 in-plane patches of soft tissue (patch mean within ±120 HU, no value
/// beyond ±300): edges and structure only raise a patch's SD, so the lower quartile of patch SDs (scaled by 1.07, the
/// ratio of median to lower quartile of sample SDs of 49 Gaussian values) tracks the SD of pure noise.
/// </summary>
public static class NoiseEstimator
{
    public const int Patch = 7;

    public static double EstimateSd(Volume<short> hu, Volume<byte>? body = null)
    {
        var sds = new List<double>();
        int nx = hu.SizeX, ny = hu.SizeY, nz = hu.SizeZ, half = Patch / 2;
        int zStep = Math.Max(1, nz / 24);
        var data = hu.Data;
        for (int z = 0; z < nz; z += zStep)
            for (int y = half; y < ny - half; y += Patch + 1)
                for (int x = half; x < nx - half; x += Patch + 1)
                {
                    long c = hu.Geometry.Index(x, y, z);
                    if (body is not null && body.Data[c] == 0) continue;
                    double s = 0, s2 = 0;
                    bool ok = true;
                    for (int dy = -half; dy <= half && ok; dy++)
                    {
                        long row = hu.Geometry.Index(x - half, y + dy, z);
                        for (int dx = 0; dx < Patch; dx++)
                        {
                            int v = data[row + dx];
                            if (v < -300 || v > 300) { ok = false; break; }
                            s += v; s2 += (double)v * v;
                        }
                    }
                    if (!ok) continue;
                    int n = Patch * Patch;
                    double mean = s / n;
                    if (Math.Abs(mean) > 120) continue;
                    sds.Add(Math.Sqrt(Math.Max(0, (s2 - s * mean) / (n - 1))));
                }
        if (sds.Count < 20) return 15; // no soft tissue to measure: a typical chest CT value
        sds.Sort();
        return sds[sds.Count / 4] * 1.07;
    }
}
