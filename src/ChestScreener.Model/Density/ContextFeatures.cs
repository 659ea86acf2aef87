using ChestScreener.Model.Preprocessing;

namespace ChestScreener.Model.Density;

/// <summary>Computes the <see cref="ContextSpec"/> features of every model-grid voxel (channel-major, unstandardised).</summary>
public static class ContextFeatures
{
    public static float[] Compute(PreprocessedVolume pv, ContextSpec spec, PreprocessingConfig prep, int threads) => Compute(pv, spec, prep, threads, null);

    /// <param name="need">Ring and probe features are computed only where this is non-zero (0 elsewhere; the mixture reads no other voxel); null = all.</param>
    public static float[] Compute(PreprocessedVolume pv, ContextSpec spec, PreprocessingConfig prep, int threads, byte[]? need)
    {
        int n = pv.Count, channels = spec.Count;
        var result = new float[(long)channels * n];
        if (channels == 0) return result;
        int c = 0;
        if (spec.LungPosition)
        {
            var box = LungBox(pv, prep);
            int sx = pv.SizeX, sy = pv.SizeY;
            Parallel.For(0, pv.SizeZ, new ParallelOptions { MaxDegreeOfParallelism = threads }, z =>
            {
                float pz = Normalise(z, box[2], box[5]);
                for (int y = 0; y < sy; y++)
                {
                    float py = Normalise(y, box[1], box[4]);
                    for (int x = 0; x < sx; x++)
                    {
                        int i = (z * sy + y) * sx + x;
                        result[i] = Normalise(x, box[0], box[3]);
                        result[n + i] = py;
                        result[2L * n + i] = pz;
                    }
                }
            });
            c = 3;
        }
        if (spec.RingsMm.Length > 1 || spec.ProbesMm.Length > 0)
        {
            var integral = new BoxSums(pv.Intensity, pv.SizeX, pv.SizeY, pv.SizeZ);
            double step = pv.Geometry.Spacing.X;
            for (int r = 0; r + 1 < spec.RingsMm.Length; r++, c++)
            {
                int inner = (int)Math.Round(spec.RingsMm[r] / step);
                int outer = Math.Max(inner + 1, (int)Math.Round(spec.RingsMm[r + 1] / step));
                integral.RingMeans(inner, outer, result.AsSpan().Slice(c * n, n), threads, need);
            }
            int half = Math.Max(0, (int)Math.Round(spec.ProbeHalfWidthMm / step));
            foreach (double d in spec.ProbesMm)
            {
                integral.ProbeMax(Math.Max(1, (int)Math.Round(d / step)), half, result.AsSpan().Slice((int)((long)c * n), n), threads, need);
                c++;
            }
        }
        return result;
    }

    /// <summary>Robust box of the lung air (body voxels below -500 HU): 1st..99th percentile of their indices per axis.</summary>
    public static int[] LungBox(PreprocessedVolume pv, PreprocessingConfig prep)
    {
        float level = (float)((-500 - prep.HuMin) / (prep.HuMax - prep.HuMin));
        var hx = new long[pv.SizeX];
        var hy = new long[pv.SizeY];
        var hz = new long[pv.SizeZ];
        long total = 0;
        for (int z = 0, i = 0; z < pv.SizeZ; z++)
            for (int y = 0; y < pv.SizeY; y++)
                for (int x = 0; x < pv.SizeX; x++, i++)
                {
                    if (pv.Body[i] == 0 || pv.Intensity[i] >= level) continue;
                    hx[x]++; hy[y]++; hz[z]++; total++;
                }
        if (total == 0) return [0, 0, 0, pv.SizeX - 1, pv.SizeY - 1, pv.SizeZ - 1];
        var (x0, x1) = Percentiles(hx, total);
        var (y0, y1) = Percentiles(hy, total);
        var (z0, z1) = Percentiles(hz, total);
        return [x0, y0, z0, x1, y1, z1];
    }

    private static (int Lo, int Hi) Percentiles(long[] histogram, long total)
    {
        long lo = total / 100, hi = total - total / 100, acc = 0;
        int a = 0, b = histogram.Length - 1;
        bool foundLo = false;
        for (int i = 0; i < histogram.Length; i++)
        {
            acc += histogram[i];
            if (!foundLo && acc > lo) { a = i; foundLo = true; }
            if (acc >= hi) { b = i; break; }
        }
        return (a, Math.Max(a + 1, b));
    }

    private static float Normalise(int v, int lo, int hi) => (float)((v - lo) / (double)(hi - lo) * 2 - 1);
}
