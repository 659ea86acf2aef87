namespace ChestScreener.Training.Evaluation;

/// <summary>6-connected components of voxels scoring above a threshold, ranked by score sum.</summary>
public static class Components
{
    public sealed record Component(int Voxels, double ScoreSum, float MaxScore, int[] Min, int[] Max, List<int> Indices);

    public static List<Component> Find(float[] score, int nx, int ny, int nz, float threshold)
    {
        var visited = new bool[score.Length];
        var result = new List<Component>();
        var queue = new Queue<int>();
        int sl = nx * ny;
        for (int s = 0; s < score.Length; s++)
        {
            if (visited[s] || !(score[s] > threshold)) continue;
            var idx = new List<int>();
            int[] mn = [int.MaxValue, int.MaxValue, int.MaxValue], mx = [-1, -1, -1];
            double sum = 0; float max = 0;
            visited[s] = true; queue.Enqueue(s);
            while (queue.Count > 0)
            {
                int p = queue.Dequeue();
                idx.Add(p);
                sum += score[p]; max = Math.Max(max, score[p]);
                int x = p % nx, y = p / nx % ny, z = p / sl;
                mn[0] = Math.Min(mn[0], x); mn[1] = Math.Min(mn[1], y); mn[2] = Math.Min(mn[2], z);
                mx[0] = Math.Max(mx[0], x); mx[1] = Math.Max(mx[1], y); mx[2] = Math.Max(mx[2], z);
                if (x > 0) Try(p - 1); if (x < nx - 1) Try(p + 1);
                if (y > 0) Try(p - nx); if (y < ny - 1) Try(p + nx);
                if (z > 0) Try(p - sl); if (z < nz - 1) Try(p + sl);
            }
            result.Add(new Component(idx.Count, sum, max, mn, mx, idx));
        }
        result.Sort((a, b) => b.ScoreSum.CompareTo(a.ScoreSum));
        return result;

        void Try(int q)
        {
            if (!visited[q] && score[q] > threshold) { visited[q] = true; queue.Enqueue(q); }
        }
    }
}
