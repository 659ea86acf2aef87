using ChestScreener.Anatomy;
using ChestScreener.Evaluation.Synthesis;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Evaluation.Tests;

public class SynthesisTests
{
    private static readonly Lazy<SynthSlab> Slab = new(() => Phantom.Slab());

    public static TheoryData<LesionKind, double, string, string, double> Kinds => new()
    {
        // kind, size, variant, side, least fraction of mask voxels whose HU changed
        { LesionKind.SolidNodule, 12, "smooth", "any", 0.97 },
        { LesionKind.SolidNodule, 20, "spiculated", "right", 0.97 },
        { LesionKind.SolidNodule, 16, "lobulated", "left", 0.97 },
        { LesionKind.PartSolidNodule, 18, "", "any", 0.8 },
        { LesionKind.GroundGlassNodule, 16, "", "any", 0.8 },
        { LesionKind.GroundGlassPatches, 30, "crazy_paving", "any", 0.8 },
        { LesionKind.GroundGlassPatches, 30, "mixed", "any", 0.8 },
        { LesionKind.Consolidation, 36, "", "any", 0.8 },
        { LesionKind.PleuralEffusion, 15, "", "both", 0.9 },
        { LesionKind.Pneumothorax, 12, "", "left", 0.9 },
        { LesionKind.Emphysema, 40, "", "any", 0.9 },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Mask_holds_exactly_the_changed_voxels(LesionKind kind, double size, string variant, string side, double minChanged)
    {
        var slab = Slab.Value;
        var (hu, lesion) = LesionSynthesizer.Insert(slab, new LesionSpec(kind, size, variant, side), 7);
        var before = slab.Ct.Hu.Data;
        long inside = 0, changedInside = 0, changedOutside = 0, outsideLung = 0;
        for (long i = 0; i < before.Length; i++)
        {
            bool changed = hu.Data[i] != before[i];
            if (lesion.Mask.Data[i] != 0)
            {
                inside++;
                if (changed) changedInside++;
                if (slab.Paintable[i] == 0) outsideLung++;
            }
            else if (changed) changedOutside++;
        }
        Assert.Equal(0, changedOutside);
        Assert.True(inside > 20, $"{kind}: only {inside} voxels in the mask");
        Assert.Equal(inside, lesion.Voxels);
        Assert.True(changedInside >= minChanged * inside, $"{kind}: {changedInside} of {inside} mask voxels changed");
        Assert.Equal(0, outsideLung); // every lesion stays inside the lungs (and their air-like border voxels)
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Same_seed_same_study_other_seed_other_study(LesionKind kind, double size, string variant, string side, double _)
    {
        var slab = Slab.Value;
        var spec = new LesionSpec(kind, size, variant, side);
        var (a, la) = LesionSynthesizer.Insert(slab, spec, 21);
        var (b, lb) = LesionSynthesizer.Insert(slab, spec, 21);
        var (c, _) = LesionSynthesizer.Insert(slab, spec, 22);
        Assert.Equal(a.Data, b.Data);
        Assert.Equal(la.Mask.Data, lb.Mask.Data);
        Assert.Equal(la.Description, lb.Description);
        Assert.NotEqual(a.Data, c.Data);
    }

    [Fact]
    public void Solid_nodule_core_is_soft_tissue_and_its_volume_fits_its_diameter()
    {
        var slab = Slab.Value;
        var (hu, lesion) = LesionSynthesizer.Insert(slab, new LesionSpec(LesionKind.SolidNodule, 16, "smooth"), 3);
        double sphere = 4.0 / 3 * Math.PI * 8 * 8 * 8;
        Assert.InRange(lesion.VolumeMm3, 0.6 * sphere, 1.8 * sphere);
        var g = hu.Geometry;
        var c = g.LpsToIndex(lesion.CenterLps);
        var core = new List<double>();
        for (int dz = -1; dz <= 1; dz++)
            for (int dy = -2; dy <= 2; dy++)
                for (int dx = -2; dx <= 2; dx++)
                    core.Add(hu[(int)Math.Round(c.X) + dx, (int)Math.Round(c.Y) + dy, (int)Math.Round(c.Z) + dz]);
        double mean = core.Average();
        double sd = Math.Sqrt(core.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, 5, 65);
        Assert.InRange(sd, 8, 35); // the scan's noise (15 HU) plus the nodule's faint texture, not a flat fill
    }

    [Fact]
    public void Effusion_lies_posterior_and_pneumothorax_anterior_with_fluid_and_air_densities()
    {
        var slab = Slab.Value;
        var (eff, le) = LesionSynthesizer.Insert(slab, new LesionSpec(LesionKind.PleuralEffusion, 15, Side: "right"), 5);
        var (ptx, lp) = LesionSynthesizer.Insert(slab, new LesionSpec(LesionKind.Pneumothorax, 12, Side: "right"), 5);
        double lungY = MeanY(slab.Labels, l => RegionMap.IsRightLung(l));
        Assert.True(MeanY(le.Mask, m => m != 0) > lungY + 10, "effusion should be dependent (posterior)");
        Assert.True(MeanY(lp.Mask, m => m != 0) < lungY - 10, "pneumothorax should be non-dependent (anterior)");
        Assert.InRange(Median(eff, le.Mask), -40, 40);
        Assert.InRange(Median(ptx, lp.Mask), -1024, -960);
    }

    [Fact]
    public void Noise_estimate_tracks_the_noise_of_soft_tissue()
    {
        var g = VolumeGeometry.Axial(96, 96, 12, new Vec3(0.8, 0.8, 1));
        var hu = new Volume<short>(g);
        var rng = new Random(4);
        for (long i = 0; i < hu.Data.Length; i++)
        {
            double n = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            int x = (int)(i % 96);
            hu.Data[i] = (short)Math.Round((x < 48 ? 40 : -60) + 22 * n); // muscle | fat with an edge between them
        }
        Assert.InRange(NoiseEstimator.EstimateSd(hu), 22 * 0.85, 22 * 1.15);
    }

    [Fact]
    public void Scan_noise_is_unit_sd_and_reproducible()
    {
        double s = 0, s2 = 0;
        int n = 0;
        for (int z = 0; z < 4; z++)
            for (int y = 0; y < 100; y++)
                for (int x = 0; x < 100; x++)
                {
                    double v = ScanNoise.Correlated(99, x, y, z);
                    s += v; s2 += v * v; n++;
                }
        double mean = s / n, sd = Math.Sqrt(s2 / n - mean * mean);
        Assert.InRange(mean, -0.05, 0.05);
        Assert.InRange(sd, 0.93, 1.07);
        Assert.Equal(ScanNoise.Correlated(5, 10, 20, 3), ScanNoise.Correlated(5, 10, 20, 3));
        Assert.NotEqual(ScanNoise.Correlated(5, 10, 20, 3), ScanNoise.Correlated(6, 10, 20, 3));
    }

    private static double MeanY(Volume<byte> v, Func<byte, bool> pick)
    {
        double s = 0; long n = 0;
        var g = v.Geometry;
        for (int z = 0; z < g.SizeZ; z++)
            for (int y = 0; y < g.SizeY; y++)
                for (int x = 0; x < g.SizeX; x++)
                    if (pick(v[x, y, z])) { s += y * g.Spacing.Y; n++; }
        return s / n;
    }

    private static double Median(Volume<short> hu, Volume<byte> mask)
    {
        var values = new List<short>();
        for (long i = 0; i < hu.Data.Length; i++) if (mask.Data[i] != 0) values.Add(hu.Data[i]);
        values.Sort();
        return values[values.Count / 2];
    }
}
