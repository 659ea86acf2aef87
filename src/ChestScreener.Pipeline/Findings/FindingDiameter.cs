using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Pipeline.Findings;

/// <summary>
/// The longest diameter of a set of voxels: the largest distance between two of them plus the voxel's own width along that
/// line (outer edges, as a reader measures with calipers). Exact pairwise search costs n² and a finding can have 10^5
/// voxels, so candidates are first narrowed to the voxels that are extreme along many directions (the two ends of the
/// longest chord are extreme along its own direction and its neighbours'), then searched pairwise.
/// </summary>
public static class FindingDiameter
{
    private static readonly Vec3[] Directions = Sphere(162);

    /// <param name="voxels">Voxel indices as (x, y, z) triples.</param>
    public static double Of(ReadOnlySpan<int> voxels, VolumeGeometry g)
    {
        int n = voxels.Length / 3;
        if (n == 0) return 0;
        // Index to mm (LPS, without the origin: only differences matter).
        var m = g.IndexToLpsMatrix();
        static Vec3 AtM(double[] m, ReadOnlySpan<int> v, int i) => new(
            m[0] * v[3 * i] + m[1] * v[3 * i + 1] + m[2] * v[3 * i + 2],
            m[3] * v[3 * i] + m[4] * v[3 * i + 1] + m[5] * v[3 * i + 2],
            m[6] * v[3 * i] + m[7] * v[3 * i + 1] + m[8] * v[3 * i + 2]);
        var lo = new double[Directions.Length];
        var hi = new double[Directions.Length];
        var loAt = new int[Directions.Length];
        var hiAt = new int[Directions.Length];
        Array.Fill(lo, double.MaxValue);
        Array.Fill(hi, double.MinValue);
        for (int i = 0; i < n; i++)
        {
            var p = AtM(m, voxels, i);
            for (int d = 0; d < Directions.Length; d++)
            {
                double t = p.Dot(Directions[d]);
                if (t < lo[d]) { lo[d] = t; loAt[d] = i; }
                if (t > hi[d]) { hi[d] = t; hiAt[d] = i; }
            }
        }
        var picked = new HashSet<int>(loAt);
        picked.UnionWith(hiAt);
        var candidates = new Vec3[picked.Count];
        int c = 0;
        foreach (var i in picked) candidates[c++] = AtM(m, voxels, i);
        double best = -1;
        Vec3 along = default;
        for (int a = 0; a < candidates.Length; a++)
        for (int b = a + 1; b < candidates.Length; b++)
        {
            var d = candidates[b] - candidates[a];
            double l = d.Length;
            if (l > best) { best = l; along = d; }
        }
        if (best <= 0) return MaxVoxelWidth(g);
        var u = along * (1.0 / best);
        // A voxel's width along u: the sum of its three edge vectors' projections.
        double width = Math.Abs(u.Dot(g.AxisX)) * g.Spacing.X + Math.Abs(u.Dot(g.AxisY)) * g.Spacing.Y + Math.Abs(u.Dot(g.AxisZ)) * g.Spacing.Z;
        return best + width;
    }

    private static double MaxVoxelWidth(VolumeGeometry g) => Math.Max(g.Spacing.X, Math.Max(g.Spacing.Y, g.Spacing.Z));

    /// <summary>Nearly even directions over a hemisphere (a Fibonacci spiral); opposite directions would repeat the same extremes.</summary>
    private static Vec3[] Sphere(int count)
    {
        var dirs = new Vec3[count];
        double golden = Math.PI * (3 - Math.Sqrt(5));
        for (int i = 0; i < count; i++)
        {
            double z = 1 - (i + 0.5) / count; // 1 .. 0: the upper hemisphere
            double r = Math.Sqrt(1 - z * z);
            dirs[i] = new Vec3(r * Math.Cos(golden * i), r * Math.Sin(golden * i), z);
        }
        return dirs;
    }
}
