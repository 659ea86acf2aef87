using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Model.Density;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Tests;

namespace ChestScreener.Model.Tests.Speed;

/// <summary>The fast model stage (issue 19) gives the anomaly map of the straightforward computation within 1e-4.</summary>
public class FastScoringTests
{
    private static ModelPackage Shipped() => ModelPackage.Load(Path.Combine(TestData.RepoRoot, "models", ModelPackage.DefaultName));

    // A chest-like phantom: an elliptic body, two air-filled "lungs" with a solid nodule in one, 1.5 x 1.5 x 2 mm voxels.
    private static (CtVolume Ct, Volume<byte> Region) Phantom()
    {
        var g = VolumeGeometry.Axial(150, 120, 70, new Vec3(1.5, 1.5, 2), new Vec3(-112, -90, -70));
        var hu = new Volume<short>(g);
        var region = new Volume<byte>(g);
        var rng = new Random(19);
        for (int z = 0; z < g.SizeZ; z++)
            for (int y = 0; y < g.SizeY; y++)
                for (int x = 0; x < g.SizeX; x++)
                {
                    var p = g.IndexToLps(x, y, z);
                    double body = p.X * p.X / (100.0 * 100) + p.Y * p.Y / (80.0 * 80);
                    double lung = Math.Min(Sq((p.X - 45) / 35) + Sq(p.Y / 55), Sq((p.X + 45) / 35) + Sq(p.Y / 55));
                    bool nodule = Sq(p.X - 50) + Sq(p.Y - 10) + Sq(p.Z + 10) < 12 * 12;
                    short v = body > 1 ? (short)-1000 : lung < 1 && !nodule ? (short)-850 : (short)40;
                    long i = g.Index(x, y, z);
                    hu.Data[i] = (short)(v + rng.Next(-20, 21));
                    region.Data[i] = lung < 1.4 && body <= 1 ? (byte)1 : (byte)0;
                }
        return (new CtVolume(hu, new ScanInfo { Modality = "CT" }), region);

        static double Sq(double a) => a * a;
    }

    [Fact]
    public void The_anomaly_map_matches_the_straightforward_computation_within_1e4()
    {
        var package = Shipped();
        var (ct, region) = Phantom();
        var expected = ReferenceScoring.Score(package, ct, region);
        using var scorer = new AnomalyScorer(package, 2);
        var fast = scorer.Score(ct, region);
        scorer.Score(ct, region); // reused buffers must not carry anything over
        var again = scorer.Score(ct, region);

        int scoredVoxels = 0;
        double worst = 0;
        for (int i = 0; i < expected.Data.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected.Data[i] - fast.Data[i]));
            Assert.Equal(fast.Data[i], again.Data[i]);
            if (expected.Data[i] > 0.05f) scoredVoxels++;
        }
        Assert.True(worst <= 1e-4, $"largest difference {worst}");
        Assert.True(scoredVoxels > 1000, $"only {scoredVoxels} voxels score above 0.05: the comparison would be vacuous");
        var steps = scorer.LastTimings!.Steps.Select(s => s.Key).ToList();
        foreach (var step in new[] { "preprocess", "clahe", "region", "windows.forward", "windows.accumulate", "context", "nll", "smoothing", "hysteresis", "resample" })
            Assert.Contains(step, steps);
    }

    [Fact]
    public void Block_nll_matches_the_per_voxel_mixture_on_the_shipped_density()
    {
        var density = Shipped().LoadDensity();
        var evaluator = density.CreateEvaluator();
        const int s = 20;
        int n = s * s * s;
        var body = new byte[n];
        for (int i = 0; i < n; i++) body[i] = i % 7 == 0 ? (byte)0 : (byte)1;
        var pv = new PreprocessedVolume
        {
            Geometry = VolumeGeometry.Axial(s, s, s, new Vec3(3, 3, 3)),
            Intensity = new float[n], Contrast = new float[n], Body = body,
            Map = new ModelGridMap { CtAxis = [0, 1, 2], CtStep = [1, 1, 1], Offset = new Vec3(0, 0, 0) }, BodyBox = [0, 0, 0, s - 1, s - 1, s - 1],
        };
        var rng = new Random(5);
        float Draw(double mean, double std) => (float)(mean + std * 1.5 * (rng.NextDouble() * 2 - 1) * 1.7);
        var desc = new float[density.DescriptorDim * n];
        for (int c = 0; c < density.DescriptorDim; c++)
            for (int i = 0; i < n; i++) desc[c * n + i] = Draw(density.FeatureMean[c], density.FeatureStd[c]);
        var context = new float[density.ContextDim * n];
        for (int c = 0; c < density.ContextDim; c++)
            for (int i = 0; i < n; i++) context[c * n + i] = Draw(density.ContextMean![c], density.ContextStd![c]);

        var expected = MixtureNll.Reference(density, evaluator, pv, desc, context);
        var fast = MixtureNll.Evaluate(density, evaluator, pv, desc, context, null, 2);
        for (int i = 0; i < n; i++)
        {
            if (body[i] == 0) { Assert.True(float.IsNaN(fast[i])); continue; }
            Assert.True(Math.Abs(expected[i] - fast[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"voxel {i}: {expected[i]} vs {fast[i]}");
        }
    }

    [Fact]
    public void Widening_reaches_exactly_the_voxels_within_the_radius()
    {
        const int sx = 13, sy = 11, sz = 9, r = 2;
        var region = new byte[sx * sy * sz];
        var rng = new Random(3);
        for (int k = 0; k < 6; k++) region[rng.Next(region.Length)] = 1;
        var wide = SmoothingReach.Widen(region, sx, sy, sz, r, 2);
        for (int z = 0; z < sz; z++)
            for (int y = 0; y < sy; y++)
                for (int x = 0; x < sx; x++)
                {
                    bool near = false;
                    for (int i = 0; i < region.Length && !near; i++)
                        near = region[i] != 0 && Math.Abs(i % sx - x) <= r && Math.Abs(i / sx % sy - y) <= r && Math.Abs(i / (sx * sy) - z) <= r;
                    Assert.Equal(near ? 1 : 0, wide[(z * sy + y) * sx + x]);
                }
    }

    [Fact]
    public void Vector_smoothing_matches_the_scalar_passes()
    {
        const int sx = 17, sy = 15, sz = 12;
        int n = sx * sy * sz;
        var rng = new Random(8);
        var map = new float[n];
        var mask = new byte[n];
        for (int i = 0; i < n; i++) { map[i] = rng.NextDouble() < 0.05 ? float.NaN : (float)(rng.NextDouble() * 40 - 20); mask[i] = rng.NextDouble() < 0.8 ? (byte)1 : (byte)0; }
        var expected = (float[])map.Clone();
        ReferenceScoring.Smooth(expected, mask, sx, sy, sz, 1.7);
        MaskedSmoothing.Apply(map, mask, sx, sy, sz, 1.7, 2);
        for (int i = 0; i < n; i++)
            if (float.IsNaN(expected[i])) Assert.True(float.IsNaN(map[i]));
            else Assert.Equal(expected[i], map[i], 4);
    }
}
