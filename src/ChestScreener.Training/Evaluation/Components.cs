using ChestScreener.Imaging.Components;

namespace ChestScreener.Training.Evaluation;

/// <summary>
/// Connected components of voxels scoring above a threshold, ranked by score sum (ties: raster order of the first voxel),
/// labelled by the same <see cref="ComponentLabeler"/> and connectivity as the findings stage, so that the fit log's and
/// the eval report's "top component" is the component that stage would list first (speck removal aside).
/// </summary>
public static class Components
{
    /// <summary>The findings stage's connectivity (Pipeline's <c>FindingOptions.Connectivity</c> default); Training does not reference Pipeline.</summary>
    public const Connectivity FindingsConnectivity = Connectivity.Full26;

    /// <summary>One component: voxel count, score sum and max, voxel bounding box (x, y, z) and its flat indices in raster order.</summary>
    public sealed record Component(int Voxels, double ScoreSum, float MaxScore, int[] Min, int[] Max, List<int> Indices);

    public static List<Component> Find(float[] score, int nx, int ny, int nz, float threshold)
    {
        var mask = new byte[score.Length];
        for (int i = 0; i < score.Length; i++) mask[i] = score[i] > threshold ? (byte)1 : (byte)0;
        var labels = new int[score.Length];
        int n = ComponentLabeler.Label(mask, nx, ny, nz, labels, FindingsConnectivity);

        var sum = new double[n + 1];
        var max = new float[n + 1];
        Array.Fill(max, float.NegativeInfinity);
        var mn = new int[n + 1][];
        var mx = new int[n + 1][];
        var idx = new List<int>[n + 1];
        for (int l = 1; l <= n; l++) { mn[l] = [int.MaxValue, int.MaxValue, int.MaxValue]; mx[l] = [-1, -1, -1]; idx[l] = []; }
        int sl = nx * ny;
        for (int p = 0; p < labels.Length; p++)
        {
            int l = labels[p];
            if (l == 0) continue;
            idx[l].Add(p);
            sum[l] += score[p];
            max[l] = Math.Max(max[l], score[p]);
            int x = p % nx, y = p / nx % ny, z = p / sl;
            mn[l][0] = Math.Min(mn[l][0], x); mn[l][1] = Math.Min(mn[l][1], y); mn[l][2] = Math.Min(mn[l][2], z);
            mx[l][0] = Math.Max(mx[l][0], x); mx[l][1] = Math.Max(mx[l][1], y); mx[l][2] = Math.Max(mx[l][2], z);
        }
        // Labels are numbered in raster order of each component's first voxel; a stable sort keeps that order for ties.
        return Enumerable.Range(1, n)
            .Select(l => new Component(idx[l].Count, sum[l], max[l], mn[l], mx[l], idx[l]))
            .OrderByDescending(c => c.ScoreSum)
            .ToList();
    }
}
