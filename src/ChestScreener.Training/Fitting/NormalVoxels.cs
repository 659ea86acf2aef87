using ChestScreener.Model.Density;

namespace ChestScreener.Training.Fitting;

/// <summary>The training rows of a density: samples of each study's normal voxels, their standardisation and their feature rows.</summary>
public static class NormalVoxels
{
    /// <summary><paramref name="count"/> normal-tissue voxel indices drawn with replacement (fewer when the study has fewer normal voxels).</summary>
    public static List<int> Sample(StudyFeatures s, int count, Random rng)
    {
        var all = new List<int>();
        for (int i = 0; i < s.Masks.NormalBody.Length; i++) if (s.Masks.NormalBody[i] != 0) all.Add(i);
        var pick = new List<int>(Math.Min(count, all.Count));
        for (int k = 0; k < Math.Min(count, all.Count); k++) pick.Add(all[rng.Next(all.Count)]);
        return pick;
    }

    /// <summary>Per-channel mean/std over the sampled normal voxels of channel-major arrays (std at least 1e-4).</summary>
    public static (double[] Mean, double[] Std) Standardisation(IReadOnlyList<float[]> arrays, IReadOnlyList<StudyFeatures> studies, IReadOnlyList<List<int>> samples, int dim)
    {
        var mean = new double[dim];
        var sq = new double[dim];
        long count = 0;
        for (int si = 0; si < studies.Count; si++)
        {
            long n = studies[si].Volume.Count;
            foreach (int i in samples[si])
            {
                for (int c = 0; c < dim; c++) { double v = arrays[si][c * n + i]; mean[c] += v; sq[c] += v * v; }
                count++;
            }
        }
        var std = new double[dim];
        for (int c = 0; c < dim; c++) { mean[c] /= count; std[c] = Math.Sqrt(Math.Max(1e-8, sq[c] / count - mean[c] * mean[c])); }
        return (mean, std);
    }

    /// <summary>The density's feature row of every sampled voxel (row-major), built by <see cref="DensityModel.Feature"/> as inference builds it.</summary>
    public static float[] Rows(IReadOnlyList<StudyFeatures> studies, IReadOnlyList<List<int>> samples, DensityModel template, DensityVariant v, Func<ContextSpec, int, float[]> contextOf)
    {
        int total = samples.Sum(s => s.Count), dim = template.FeatureDim, sdim = template.DescriptorDim, cdim = template.ContextDim;
        var rows = new float[total * dim];
        var d = new float[sdim];
        var ctx = new float[cdim];
        int r = 0;
        for (int si = 0; si < studies.Count; si++)
        {
            long n = studies[si].Volume.Count;
            var source = v.Source(studies[si]);
            var context = v.Context != null ? contextOf(v.Context, si) : [];
            foreach (int i in samples[si])
            {
                for (int c = 0; c < sdim; c++) d[c] = source[c * n + i];
                for (int c = 0; c < cdim; c++) ctx[c] = context[c * n + i];
                template.Feature(d, ctx, ReadOnlySpan<float>.Empty, rows.AsSpan(r++ * dim, dim));
            }
        }
        return rows;
    }
}
