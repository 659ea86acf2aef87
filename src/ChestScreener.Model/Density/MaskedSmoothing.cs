using System.Numerics.Tensors;

namespace ChestScreener.Model.Density;

/// <summary>
/// Separable Gaussian smoothing of a model-grid map inside a mask (normalised convolution: smooth(v*m)/smooth(m)),
/// so body-edge voxels are not pulled towards the NaN/0 outside. Values outside the mask stay as they are.
/// The y and z passes run over whole rows with vector multiply-adds; the x pass per voxel.
/// </summary>
public static class MaskedSmoothing
{
    public static void Apply(float[] map, byte[] mask, int sx, int sy, int sz, double sigmaVoxels, int threads)
    {
        if (sigmaVoxels <= 0) return;
        int r = SmoothingReach.Radius(sigmaVoxels);
        var kernel = new float[2 * r + 1];
        for (int i = -r; i <= r; i++) kernel[i + r] = (float)Math.Exp(-0.5 * i * i / (sigmaVoxels * sigmaVoxels));
        int n = map.Length;
        var v = new float[n];
        var w = new float[n];
        for (int i = 0; i < n; i++)
            if (mask[i] != 0 && float.IsFinite(map[i])) { v[i] = map[i]; w[i] = 1; }
        var tmp = new float[n];
        var po = Parallelism.Options(threads);
        foreach (int axis in new[] { 0, 1, 2 })
        {
            Pass(v, tmp, sx, sy, sz, axis, kernel, r, po); (v, tmp) = (tmp, v);
            Pass(w, tmp, sx, sy, sz, axis, kernel, r, po); (w, tmp) = (tmp, w);
        }
        for (int i = 0; i < n; i++)
            if (mask[i] != 0 && w[i] > 1e-6f) map[i] = v[i] / w[i];
    }

    private static void Pass(float[] src, float[] dst, int sx, int sy, int sz, int axis, float[] k, int r, ParallelOptions po)
    {
        int slice = sx * sy;
        Parallel.For(0, sz, po, z =>
        {
            for (int y = 0; y < sy; y++)
            {
                int row = z * slice + y * sx;
                if (axis == 0)
                {
                    for (int x = 0; x < sx; x++)
                    {
                        float acc = 0;
                        int lo = Math.Max(-r, -x), hi = Math.Min(r, sx - 1 - x);
                        for (int t = lo; t <= hi; t++) acc += k[t + r] * src[row + x + t];
                        dst[row + x] = acc;
                    }
                    continue;
                }
                // y or z: the same kernel tap for the whole row, so each tap is one vector multiply-add over the row.
                int pos = axis == 1 ? y : z, len = axis == 1 ? sy : sz, stride = axis == 1 ? sx : slice;
                var d = dst.AsSpan(row, sx);
                d.Clear();
                int lo2 = Math.Max(-r, -pos), hi2 = Math.Min(r, len - 1 - pos);
                for (int t = lo2; t <= hi2; t++)
                    TensorPrimitives.MultiplyAdd(src.AsSpan(row + t * stride, sx), k[t + r], d, d);
            }
        });
    }
}
