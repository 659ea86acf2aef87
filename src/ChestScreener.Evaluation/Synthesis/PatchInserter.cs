using System.Globalization;
using ChestScreener.Anatomy;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// Airspace disease: a peripheral consolidation (soft tissue with air bronchograms and a ground-glass halo, bounded by
/// the pleura) and COVID-like multifocal ground glass (3-6 peripheral, subpleural patches in several lung zones,
/// optionally with crazy paving or consolidative cores).
/// </summary>
internal static class PatchInserter
{
    /// <summary>A 3x3x3 mean of the original scan below this is airway lumen: kept as air (air bronchogram).</summary>
    private const double BronchusMeanHu = -920;

    public static string InsertConsolidation(SynthSlab slab, LesionCanvas canvas, LesionSpec spec, Random rng)
    {
        double r = spec.SizeMm / 2;
        var site = SitePicker.Pick(slab, rng, spec.Side, r * 0.5, 0.55, r * 0.6, 4, 14)
            ?? throw new InvalidOperationException($"no peripheral lung site for consolidation in slab {slab.Name}");
        double parenchyma = NoduleInserter.ParenchymaHu(slab, site, 30);
        PaintConsolidation(slab, canvas, rng, site, r, parenchyma, halo: true);
        return string.Create(CultureInfo.InvariantCulture, $"consolidation {spec.SizeMm:0} mm with air bronchograms, {RegionMap.Name(slab.Labels[site.X, site.Y, site.Z])}");
    }

    public static string InsertGroundGlassPatches(SynthSlab slab, LesionCanvas canvas, LesionSpec spec, Random rng)
    {
        int count = 3 + rng.Next(4);
        var zones = LungZonesPresent(slab);
        Shuffle(zones, rng);
        var used = new List<string>();
        int painted = 0;
        for (int k = 0; k < count; k++)
        {
            byte zone = zones[k % zones.Count];
            double r = spec.SizeMm / 2 * (0.6 + 0.4 * rng.NextDouble());
            var site = SitePicker.Pick(slab, rng, l => l == zone, r * 0.4, 0.4, r * 0.4, 3, 12);
            if (site is null) continue;
            double parenchyma = NoduleInserter.ParenchymaHu(slab, site.Value, 30);
            var shape = new BlobShape(rng, r, 3, 0.2, 0, 1.6);
            double target = -650 + 200 * rng.NextDouble();
            var texture = new SmoothField(rng, 6);
            var septa = spec.Variant == "crazy_paving" && k % 2 == 0 ? new SeptalLines(rng, 7) : null;
            var paint = slab.Paintable;
            BlobRaster.Paint(slab.Geometry, site.Value, shape.ReachMm + 3, shape.Sdf, 3.0,
                (x, y, z, i, a, px, py, pz) =>
                {
                    if (paint[i] == 0) return;
                    double t = target + 40 * texture.Value(px, py, pz);
                    if (septa is not null) t += 160 * a * septa.Value(px, py, pz);
                    canvas.GroundGlass(i, a, t, parenchyma);
                });
            if (spec.Variant == "mixed" && k < 2)
                PaintConsolidation(slab, canvas, rng, site.Value, r * 0.5, parenchyma, halo: false);
            used.Add(RegionMap.Name(zone));
            painted++;
        }
        if (painted == 0) throw new InvalidOperationException($"no peripheral site for ground-glass patches in slab {slab.Name}");
        string variant = spec.Variant.Length > 0 ? $" ({spec.Variant.Replace('_', ' ')})" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{painted} peripheral ground-glass patches{variant} up to {spec.SizeMm:0} mm in {string.Join(", ", used.Distinct())}");
    }

    private static void PaintConsolidation(SynthSlab slab, LesionCanvas canvas, Random rng, (int X, int Y, int Z) site, double r, double parenchyma, bool halo)
    {
        var shape = new BlobShape(rng, r, 4, 0.15, 0, 1.5);
        var g = slab.Geometry;
        var paint = slab.Paintable;
        var original = slab.Ct.Hu;
        if (halo)
        {
            double haloHu = -600 + 100 * rng.NextDouble();
            // A faint halo that fades out over a few millimetres, not a band with an edge.
            BlobRaster.Paint(g, site, shape.ReachMm + 8, (x, y, z) => shape.Sdf(x, y, z) - 3, 5.0,
                (x, y, z, i, a, _, _, _) =>
                {
                    if (paint[i] != 0) canvas.GroundGlass(i, 0.6 * a, haloHu, parenchyma);
                });
        }
        double mean = 25 + 20 * rng.NextDouble();
        var texture = new SmoothField(rng, 5);
        BlobRaster.Paint(g, site, shape.ReachMm, shape.Sdf, 1.0,
            (x, y, z, i, a, px, py, pz) =>
            {
                if (paint[i] == 0) return;
                if (LocalMean(original, x, y, z) < BronchusMeanHu)
                {
                    canvas.Set(i, original.Data[i]); // bronchus lumen stays air inside the consolidation
                    return;
                }
                canvas.Replace(x, y, z, i, a, mean + 12 * texture.Value(px, py, pz));
            });
    }

    private static double LocalMean(ChestScreener.Imaging.Volume<short> hu, int x, int y, int z)
    {
        var g = hu.Geometry;
        int s = 0, n = 0;
        for (int dz = -1; dz <= 1; dz++)
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    if (!g.Contains(x + dx, y + dy, z + dz)) continue;
                    s += hu.Data[g.Index(x + dx, y + dy, z + dz)];
                    n++;
                }
        return (double)s / n;
    }

    private static List<byte> LungZonesPresent(SynthSlab slab)
    {
        var counts = new int[RegionMap.Count];
        foreach (int i in slab.LungSites) counts[slab.Labels.Data[i]]++;
        var zones = new List<byte>();
        for (byte l = 0; l < counts.Length; l++)
            if (RegionMap.IsLung(l) && counts[l] > 200) zones.Add(l);
        if (zones.Count == 0) throw new InvalidOperationException($"slab {slab.Name} has no lung zones");
        return zones;
    }

    private static void Shuffle<T>(List<T> list, Random rng)
    {
        for (int i = list.Count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
