namespace ChestScreener.Model.Density;

/// <summary>
/// Separable Gaussian smoothing of a model-grid map inside a mask (normalised convolution: smooth(v*m)/smooth(m)),
/// so body-edge voxels are not pulled towards the NaN/0 outside. Values outside the mask stay as they are.
/// </summary>
public static class MaskedSmoothing
{
    public static void Apply(float[] map, byte[] mask, int sx, int sy, int sz, double sigmaVoxels, int threads)
    {
        if (sigmaVoxels <= 0) return;
        int r = Math.Max(1, (int)Math.Ceiling(3 * sigmaVoxels));
        var kernel = new float[2 * r + 1];
        for (int i = -r; i <= r; i++) kernel[i + r] = (float)Math.Exp(-0.5 * i * i / (sigmaVoxels * sigmaVoxels));
        int n = map.Length;
        var v = new float[n];
        var w = new float[n];
        for (int i = 0; i < n; i++)
            if (mask[i] != 0 && float.IsFinite(map[i])) { v[i] = map[i]; w[i] = 1; }
        var tmp = new float[n];
        foreach (int axis in new[] { 0, 1, 2 })
        {
            Pass(v, tmp, sx, sy, sz, axis, kernel, r, threads); (v, tmp) = (tmp, v);
            Pass(w, tmp, sx, sy, sz, axis, kernel, r, threads); (w, tmp) = (tmp, w);
        }
        for (int i = 0; i < n; i++)
            if (mask[i] != 0 && w[i] > 1e-6f) map[i] = v[i] / w[i];
    }

    private static void Pass(float[] src, float[] dst, int sx, int sy, int sz, int axis, float[] k, int r, int threads)
    {
        int stride = axis == 0 ? 1 : axis == 1 ? sx : sx * sy;
        int len = axis == 0 ? sx : axis == 1 ? sy : sz;
        Parallel.For(0, sz, new ParallelOptions { MaxDegreeOfParallelism = threads }, z =>
        {
            for (int y = 0; y < sy; y++)
                for (int x = 0; x < sx; x++)
                {
                    int pos = axis == 0 ? x : axis == 1 ? y : z;
                    int i = (z * sy + y) * sx + x;
                    float acc = 0;
                    int lo = Math.Max(-r, -pos), hi = Math.Min(r, len - 1 - pos);
                    for (int t = lo; t <= hi; t++) acc += k[t + r] * src[i + t * stride];
                    dst[i] = acc;
                }
        });
    }
}
