namespace ChestScreener.Model.Calibration;

/// <summary>
/// Scores from the NLL maps on the model grid: the strongly smoothed map decides whether a region is anomalous at all,
/// the lightly smoothed map how far it reaches (hysteresis thresholding, as in Canny's edge linking). A region is a
/// 6-connected component of voxels with high &gt; t or low &gt; t_low that holds at least one voxel with high &gt; t;
/// its voxels score max(map(high), growth map(low)), so every one of them scores above the voxel threshold and no voxel
/// outside such a region does.
/// </summary>
public static class RegionScores
{
    /// <param name="high">NLL smoothed as model.json's density says; NaN = not scored.</param>
    /// <param name="low">NLL smoothed by <see cref="GrowthCalibration.SmoothingMm"/>, NaN where <paramref name="high"/> is; unused without growth.</param>
    public static float[] Score(float[] high, float[]? low, ScoreCalibration cal, int nx, int ny, int nz)
    {
        var score = new float[high.Length];
        for (int i = 0; i < high.Length; i++) score[i] = float.IsNaN(high[i]) ? 0f : cal.Map(high[i]);
        if (cal.Growth is not { } g || low == null) return score;
        foreach (var region in Regions(high, low, cal.NllAtThreshold, g.NllAtThreshold, nx, ny, nz))
            foreach (int i in region)
                if (!float.IsNaN(low[i])) score[i] = Math.Max(score[i], g.Map(low[i], cal.ScoreAtThreshold));
        return score;
    }

    /// <summary>The voxel indices of each region (see the class summary), in the order their first seed voxel is met.</summary>
    public static List<List<int>> Regions(float[] high, float[] low, double t, double tLow, int nx, int ny, int nz)
    {
        if (high.Length != (long)nx * ny * nz || low.Length != high.Length) throw new ArgumentException("maps do not match the grid");
        var visited = new bool[high.Length];
        var regions = new List<List<int>>();
        var stack = new Stack<int>();
        int slice = nx * ny;
        for (int s = 0; s < high.Length; s++)
        {
            if (visited[s] || !(high[s] > t)) continue;
            var region = new List<int>();
            visited[s] = true;
            stack.Push(s);
            while (stack.Count > 0)
            {
                int p = stack.Pop();
                region.Add(p);
                int x = p % nx, y = p / nx % ny, z = p / slice;
                if (x > 0) Visit(p - 1); if (x < nx - 1) Visit(p + 1);
                if (y > 0) Visit(p - nx); if (y < ny - 1) Visit(p + nx);
                if (z > 0) Visit(p - slice); if (z < nz - 1) Visit(p + slice);
            }
            regions.Add(region);
        }
        return regions;

        void Visit(int q)
        {
            if (visited[q] || !(high[q] > t || low[q] > tLow)) return;
            visited[q] = true;
            stack.Push(q);
        }
    }
}
