using ChestScreener.Model.Density;

namespace ChestScreener.Model.Tests.Density;

public class ProbeContextTests
{
    [Fact]
    public void Probe_maximum_matches_brute_force_on_random_values()
    {
        int sx = 9, sy = 7, sz = 8, dist = 3, half = 1;
        var rng = new Random(3);
        var v = new float[sx * sy * sz];
        for (int i = 0; i < v.Length; i++) v[i] = (float)rng.NextDouble();
        var got = new float[v.Length];
        new BoxSums(v, sx, sy, sz).ProbeMax(dist, half, got, 2);
        for (int z = 0; z < sz; z++)
            for (int y = 0; y < sy; y++)
                for (int x = 0; x < sx; x++)
                {
                    float expected = 0;
                    foreach (var (dx, dy, dz) in new[] { (dist, 0, 0), (-dist, 0, 0), (0, dist, 0), (0, -dist, 0), (0, 0, dist), (0, 0, -dist) })
                    {
                        double sum = 0; int n = 0;
                        for (int c = -half; c <= half; c++)
                            for (int b = -half; b <= half; b++)
                                for (int a = -half; a <= half; a++)
                                {
                                    int px = x + dx + a, py = y + dy + b, pz = z + dz + c;
                                    if (px < 0 || py < 0 || pz < 0 || px >= sx || py >= sy || pz >= sz) continue;
                                    sum += v[(pz * sy + py) * sx + px]; n++;
                                }
                        if (n > 0) expected = Math.Max(expected, (float)(sum / n));
                    }
                    Assert.Equal(expected, got[(z * sy + y) * sx + x], 4);
                }
    }

    [Fact]
    public void Enclosed_tissue_has_a_low_probe_maximum_and_tissue_at_a_wall_a_high_one()
    {
        // Lung (0.1) with a solid ball (0.6) in the middle and a solid wall (0.6) on the x = 0 side.
        int s = 31;
        var v = new float[s * s * s];
        for (int z = 0; z < s; z++)
            for (int y = 0; y < s; y++)
                for (int x = 0; x < s; x++)
                {
                    bool ball = (x - 18) * (x - 18) + (y - 15) * (y - 15) + (z - 15) * (z - 15) <= 9;
                    v[(z * s + y) * s + x] = ball || x < 4 ? 0.6f : 0.1f;
                }
        var spec = new ContextSpec { ProbesMm = [15], ProbeHalfWidthMm = 3 };
        var pv = new ChestScreener.Model.Preprocessing.PreprocessedVolume
        {
            Geometry = ChestScreener.Imaging.Geometry.VolumeGeometry.Axial(s, s, s, new(3, 3, 3)),
            Intensity = v, Contrast = v, Body = Enumerable.Repeat((byte)1, v.Length).ToArray(),
            Map = new() { CtAxis = [0, 1, 2], CtStep = [1, 1, 1], Offset = default }, BodyBox = [0, 0, 0, s - 1, s - 1, s - 1],
        };
        var f = ContextFeatures.Compute(pv, spec, new ChestScreener.Model.Preprocessing.PreprocessingConfig(), 2);
        Assert.Equal(1, spec.Count);
        Assert.Equal(0.1f, f[(15 * s + 15) * s + 18], 4);            // ball centre: lung 5 voxels away on every side
        Assert.Equal(0.6f, f[(15 * s + 15) * s + 6], 4);             // near the wall: the wall lies 5 voxels away
    }
}
