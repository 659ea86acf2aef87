using ChestScreener.Imaging;
using ChestScreener.Model.Calibration;
using ChestScreener.Model.Density;
using ChestScreener.Model.Inference;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Tests;

namespace ChestScreener.Model.Tests.Speed;

/// <summary>
/// The straightforward model stage the fast one must reproduce: scalar window blending, per-voxel mixture NLL over the
/// whole body, scalar separable smoothing, per-voxel trilinear resampling (the code as it stood before issue 19).
/// </summary>
internal static class ReferenceScoring
{
    public static Volume<float> Score(ModelPackage package, CtVolume ct, Volume<byte> region)
    {
        var prep = package.Config.Preprocessing;
        var density = package.LoadDensity();
        var evaluator = density.CreateEvaluator();
        var pv = Preprocessor.Run(ct, prep, 1);
        var gridRegion = pv.SampleMask(region, 1);
        float[] desc;
        using (var runner = new DescriptorRunner(package.DescriptorPath, package.Config.Descriptor, prep, 1))
            desc = Descriptors(runner, package.Config.Descriptor, prep, pv);
        var context = density.Context != null ? ContextFeatures.Compute(pv, density.Context, prep, 1) : [];
        var raw = MixtureNll.Reference(density, evaluator, pv, desc, context);
        AnomalyScorer.BlankEdges(raw, pv, density.EdgeMarginMm);
        var cal = package.Config.Calibration;
        var high = Smoothed(raw, pv, gridRegion, density.SmoothingMm, density.EdgeMarginMm);
        var low = cal.Growth is { } g ? Smoothed(raw, pv, gridRegion, g.SmoothingMm, density.EdgeMarginMm) : null;
        var scored = high.Select(v => float.IsNaN(v) ? (byte)0 : (byte)1).ToArray();
        var grid = RegionScores.Score(high, low, cal, pv.SizeX, pv.SizeY, pv.SizeZ);
        return AnomalyScorer.ToCtGridReference(ct, pv, grid, region, scored);
    }

    private static float[] Descriptors(DescriptorRunner runner, DescriptorConfig cfg, PreprocessingConfig prep, PreprocessedVolume pv)
    {
        int win = cfg.WindowSize, dim = cfg.Dim, w3 = win * win * win, voxels = pv.Count;
        float pad = (float)Math.Clamp((-1024 - prep.HuMin) / (prep.HuMax - prep.HuMin), 0, 1);
        var sum = new float[dim * voxels];
        var weightSum = new float[voxels];
        var weight = SlidingWindow.GaussianWeight(win, cfg.GaussianSigmaScale);
        var input = new float[cfg.InChannels * w3];
        foreach (int z0 in SlidingWindow.Steps(Math.Max(pv.SizeZ, win), win, cfg.Overlap))
            foreach (int y0 in SlidingWindow.Steps(Math.Max(pv.SizeY, win), win, cfg.Overlap))
                foreach (int x0 in SlidingWindow.Steps(Math.Max(pv.SizeX, win), win, cfg.Overlap))
                {
                    for (int z = 0; z < win; z++)
                        for (int y = 0; y < win; y++)
                            for (int x = 0; x < win; x++)
                            {
                                int o = (z * win + y) * win + x, sx = x0 + x, sy = y0 + y, sz = z0 + z;
                                bool inside = sx < pv.SizeX && sy < pv.SizeY && sz < pv.SizeZ;
                                int i = inside ? (sz * pv.SizeY + sy) * pv.SizeX + sx : 0;
                                input[o] = inside ? pv.Intensity[i] : pad;
                                input[w3 + o] = inside ? pv.Contrast[i] : 0;
                            }
                    var output = runner.Forward(input, win, win, win);
                    for (int z = 0; z < Math.Min(win, pv.SizeZ - z0); z++)
                        for (int y = 0; y < Math.Min(win, pv.SizeY - y0); y++)
                            for (int x = 0; x < Math.Min(win, pv.SizeX - x0); x++)
                            {
                                int o = (z * win + y) * win + x, t = ((z0 + z) * pv.SizeY + y0 + y) * pv.SizeX + x0 + x;
                                weightSum[t] += weight[o];
                                for (int c = 0; c < dim; c++) sum[c * voxels + t] += output[c * w3 + o] * weight[o];
                            }
                }
        for (int c = 0; c < dim; c++)
            for (int i = 0; i < voxels; i++) sum[c * voxels + i] /= weightSum[i];
        return sum;
    }

    private static float[] Smoothed(float[] raw, PreprocessedVolume pv, byte[] region, double sigmaMm, double edgeMarginMm)
    {
        var map = (float[])raw.Clone();
        if (sigmaMm > 0)
        {
            Smooth(map, pv.Body, pv.SizeX, pv.SizeY, pv.SizeZ, sigmaMm / pv.Geometry.Spacing.X);
            AnomalyScorer.BlankEdges(map, pv, edgeMarginMm);
        }
        AnomalyScorer.LimitTo(map, region);
        return map;
    }

    /// <summary>Normalised separable convolution, one voxel and one tap at a time.</summary>
    public static void Smooth(float[] map, byte[] mask, int sx, int sy, int sz, double sigma)
    {
        int r = Math.Max(1, (int)Math.Ceiling(3 * sigma)), n = map.Length;
        var k = new float[2 * r + 1];
        for (int i = -r; i <= r; i++) k[i + r] = (float)Math.Exp(-0.5 * i * i / (sigma * sigma));
        var v = new float[n];
        var w = new float[n];
        for (int i = 0; i < n; i++)
            if (mask[i] != 0 && float.IsFinite(map[i])) { v[i] = map[i]; w[i] = 1; }
        for (int axis = 0; axis < 3; axis++) { v = Pass(v, axis); w = Pass(w, axis); }
        for (int i = 0; i < n; i++)
            if (mask[i] != 0 && w[i] > 1e-6f) map[i] = v[i] / w[i];

        float[] Pass(float[] src, int axis)
        {
            var dst = new float[n];
            int stride = axis == 0 ? 1 : axis == 1 ? sx : sx * sy, len = axis == 0 ? sx : axis == 1 ? sy : sz;
            for (int z = 0; z < sz; z++)
                for (int y = 0; y < sy; y++)
                    for (int x = 0; x < sx; x++)
                    {
                        int pos = axis == 0 ? x : axis == 1 ? y : z, i = (z * sy + y) * sx + x;
                        float acc = 0;
                        for (int t = Math.Max(-r, -pos); t <= Math.Min(r, len - 1 - pos); t++) acc += k[t + r] * src[i + t * stride];
                        dst[i] = acc;
                    }
            return dst;
        }
    }
}
