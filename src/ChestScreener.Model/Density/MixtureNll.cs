using ChestScreener.Model.Preprocessing;

namespace ChestScreener.Model.Density;

/// <summary>
/// The density's -log q over the body of a model grid, in blocks of <see cref="MixtureBlockKernel.Block"/> voxels:
/// each block's features are gathered and standardised feature-major, then scored by
/// <see cref="DensityEvaluator.NllBlock"/>. <see cref="Reference"/> is the plain per-voxel loop it replaced.
/// </summary>
public static class MixtureNll
{
    /// <param name="context">Context features channel-major (ContextFeatures.Compute), empty when the density has none.</param>
    /// <param name="need">Only these voxels (and only inside the body) are scored; null = the whole body. NaN elsewhere.</param>
    public static float[] Evaluate(DensityModel density, DensityEvaluator evaluator, PreprocessedVolume pv, float[] descriptors, float[] context, byte[]? need, int threads)
    {
        int voxels = pv.Count, dim = density.DescriptorDim, cdim = density.ContextDim, sx = pv.SizeX, sy = pv.SizeY;
        int features = density.FeatureDim;
        if (evaluator.FeatureDim != features) throw new ArgumentException("the evaluator does not belong to this density model");
        // feature = raw * scale + offset, per feature row (context, descriptor); the legacy position rows follow.
        var scale = new float[cdim + dim];
        var offset = new float[cdim + dim];
        for (int c = 0; c < cdim; c++) { scale[c] = (float)(1 / density.ContextStd![c]); offset[c] = (float)(-density.ContextMean![c] / density.ContextStd[c]); }
        for (int c = 0; c < dim; c++) { scale[cdim + c] = (float)(1 / density.FeatureStd[c]); offset[cdim + c] = (float)(-density.FeatureMean[c] / density.FeatureStd[c]); }
        var nll = new float[voxels];
        const int B = MixtureBlockKernel.Block;
        Parallel.For(0, pv.SizeZ, Parallelism.Options(threads), () => new Worker(evaluator, features), (z, _, w) =>
        {
            int filled = 0;
            var pos = new float[3];
            int start = z * sx * sy, end = start + sx * sy;
            for (int i = start; i < end; i++)
            {
                if (pv.Body[i] == 0 || (need != null && need[i] == 0)) { nll[i] = float.NaN; continue; }
                for (int c = 0; c < cdim; c++) w.X[c * B + filled] = context[(long)c * voxels + i] * scale[c] + offset[c];
                for (int c = 0; c < dim; c++) w.X[(cdim + c) * B + filled] = descriptors[(long)c * voxels + i] * scale[cdim + c] + offset[cdim + c];
                if (density.UsePosition)
                {
                    int r = i - start;
                    pv.Position(r % sx, r / sx, z, pos);
                    for (int p = 0; p < 3; p++) w.X[(cdim + dim + p) * B + filled] = (float)((pos[p] - 0.5) * 2 * density.PositionWeight);
                }
                w.Index[filled++] = i;
                if (filled == B) { Flush(evaluator, w, filled, nll, features); filled = 0; }
            }
            if (filled > 0) Flush(evaluator, w, filled, nll, features);
            return w;
        }, _ => { });
        return nll;
    }

    private static void Flush(DensityEvaluator evaluator, Worker w, int filled, float[] nll, int features)
    {
        const int B = MixtureBlockKernel.Block;
        // A short last block: the unused lanes get zeros (finite features) and are not written back.
        if (filled < B)
            for (int f = 0; f < features; f++) w.X.AsSpan(f * B + filled, B - filled).Clear();
        evaluator.NllBlock(w.X, w.Nll, w.Scratch);
        for (int v = 0; v < filled; v++) nll[w.Index[v]] = w.Nll[v];
    }

    private sealed class Worker(DensityEvaluator evaluator, int features)
    {
        public readonly float[] X = new float[features * MixtureBlockKernel.Block];
        public readonly float[] Nll = new float[MixtureBlockKernel.Block];
        public readonly int[] Index = new int[MixtureBlockKernel.Block];
        public readonly DensityEvaluator.BlockScratch Scratch = evaluator.CreateBlockScratch();
    }

    /// <summary>The per-voxel computation (DensityModel.Feature then DensityEvaluator.Nll in double-precision log-sum-exp), NaN outside the body.</summary>
    public static float[] Reference(DensityModel density, DensityEvaluator evaluator, PreprocessedVolume pv, float[] descriptors, float[] context)
    {
        int voxels = pv.Count, dim = density.DescriptorDim, sx = pv.SizeX, sy = pv.SizeY, cdim = density.ContextDim;
        var nll = new float[voxels];
        var d = new float[dim];
        var ctx = new float[cdim];
        var pos = new float[3];
        var f = new float[evaluator.Stride];
        for (int z = 0; z < pv.SizeZ; z++)
            for (int y = 0; y < sy; y++)
                for (int x = 0; x < sx; x++)
                {
                    int i = (z * sy + y) * sx + x;
                    if (pv.Body[i] == 0) { nll[i] = float.NaN; continue; }
                    for (int c = 0; c < dim; c++) d[c] = descriptors[(long)c * voxels + i];
                    for (int c = 0; c < cdim; c++) ctx[c] = context[(long)c * voxels + i];
                    pv.Position(x, y, z, pos);
                    density.Feature(d, ctx, pos, f);
                    nll[i] = (float)evaluator.Nll(f);
                }
        return nll;
    }
}
