using System.Globalization;
using ChestScreener.Anatomy;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// Centrilobular-emphysema-like low attenuation: within a region of the lung (upper zones preferred), hundreds of small
/// (3-9 mm) irregular holes of destroyed parenchyma at about -985 HU without walls; vessels (brighter than -650 HU)
/// are spared and stay visible, as in real emphysema.
/// </summary>
internal static class EmphysemaInserter
{
    public static string Insert(SynthSlab slab, LesionCanvas canvas, LesionSpec spec, Random rng)
    {
        double region = spec.SizeMm / 2;
        bool hasUpper = slab.LungSites.Any(i => slab.Labels.Data[i] is RegionMap.RightLungUpper or RegionMap.LeftLungUpper);
        Func<byte, bool> ok = hasUpper
            ? l => (l is RegionMap.RightLungUpper or RegionMap.LeftLungUpper) && SynthSlab.OnSide(l, spec.Side)
            : l => SynthSlab.OnSide(l, spec.Side);
        var site = SitePicker.Pick(slab, rng, ok, region * 0.5, 0.6, region * 0.4)
            ?? SitePicker.Pick(slab, rng, spec.Side, region * 0.5, 0.6, region * 0.4)
            ?? throw new InvalidOperationException($"no lung site for emphysema in slab {slab.Name}");
        var g = slab.Geometry;
        var paint = slab.Paintable;
        var original = slab.Ct.Hu.Data;
        double regionVolume = 4.0 / 3 * Math.PI * region * region * region;
        int holes = (int)Math.Clamp(0.25 * regionVolume / 30.0, 20, 900);
        int painted = 0;
        for (int h = 0; h < holes; h++)
        {
            double dx, dy, dz;
            do { dx = 2 * rng.NextDouble() - 1; dy = 2 * rng.NextDouble() - 1; dz = 2 * rng.NextDouble() - 1; } while (dx * dx + dy * dy + dz * dz > 1);
            var c = (X: site.X + (int)Math.Round(dx * region / g.Spacing.X), Y: site.Y + (int)Math.Round(dy * region / g.Spacing.Y), Z: site.Z + (int)Math.Round(dz * region / g.Spacing.Z));
            double u = rng.NextDouble();
            double r = 1.0 + 2.6 * u * u;
            var shape = new BlobShape(rng, r, 2, 0.25, 0, 1.5);
            if (!g.Contains(c.X, c.Y, c.Z) || !RegionMap.IsLung(slab.Labels.Data[g.Index(c.X, c.Y, c.Z)])) continue;
            BlobRaster.Paint(g, c, shape.ReachMm, shape.Sdf, 1.2,
                (x, y, z, i, a, _, _, _) =>
                {
                    if (paint[i] == 0 || original[i] > -650 || canvas.Mask.Data[i] != 0) return;
                    canvas.Replace(x, y, z, i, a, -975);
                });
            painted++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"emphysema-like low attenuation, {painted} holes in a {spec.SizeMm:0} mm region, {RegionMap.Name(slab.Labels.Data[g.Index(site.X, site.Y, site.Z)])}");
    }
}
