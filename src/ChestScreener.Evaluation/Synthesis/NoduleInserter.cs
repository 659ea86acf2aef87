using System.Globalization;
using ChestScreener.Anatomy;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// Solid, part-solid and pure ground-glass nodules. Solid tissue replaces the voxel (soft-tissue HU with a faint internal
/// texture, partial volume at the edge, scan-matched noise); ground glass raises only the parenchyma, so vessels stay
/// visible through it. Painting is limited to the lung mask, so a juxtapleural nodule merges with the chest wall.
/// </summary>
internal static class NoduleInserter
{
    public static string Insert(SynthSlab slab, LesionCanvas canvas, LesionSpec spec, Random rng)
    {
        double r = spec.SizeMm / 2;
        var site = SitePicker.Pick(slab, rng, spec.Side, r + 2, 0.8, r + 3)
            ?? throw new InvalidOperationException($"no lung site for a {spec.SizeMm:0} mm nodule in slab {slab.Name}");
        double parenchyma = ParenchymaHu(slab, site, 25);
        string margin = spec.Variant.Length > 0 ? spec.Variant : "lobulated";
        switch (spec.Kind)
        {
            case LesionKind.SolidNodule:
                PaintSolid(slab, canvas, rng, site, (0, 0, 0), r, margin);
                break;
            case LesionKind.GroundGlassNodule:
                PaintGroundGlass(slab, canvas, rng, site, r, parenchyma);
                break;
            case LesionKind.PartSolidNodule:
                PaintGroundGlass(slab, canvas, rng, site, r, parenchyma);
                double core = r * (0.35 + 0.15 * rng.NextDouble());
                var (dx, dy, dz) = SmoothField.RandomDirection(rng);
                double off = 0.2 * r * rng.NextDouble();
                PaintSolid(slab, canvas, rng, site, (dx * off, dy * off, dz * off), core, "lobulated");
                break;
            default:
                throw new ArgumentException($"{spec.Kind} is not a nodule");
        }
        string where = RegionMap.Name(slab.Labels[site.X, site.Y, site.Z]);
        return string.Create(CultureInfo.InvariantCulture, $"{spec.Kind.ToWire().Replace('_', ' ')} {spec.SizeMm:0} mm{(spec.Kind == LesionKind.SolidNodule ? ", " + margin : "")}, {where}");
    }

    /// <summary>Solid tissue: 20-50 HU with a ±10 HU texture; shape by margin (smooth, lobulated, spiculated).</summary>
    public static void PaintSolid(SynthSlab slab, LesionCanvas canvas, Random rng, (int X, int Y, int Z) site, (double X, double Y, double Z) offsetMm, double r, string margin)
    {
        var shape = margin switch
        {
            "smooth" => new BlobShape(rng, r, 0, 0.03, 0, 1.1),
            "spiculated" => new BlobShape(rng, r, 3, 0.1, 8 + (int)(r * 0.8) + rng.Next(6), 1.25),
            _ => new BlobShape(rng, r, 3 + rng.Next(3), 0.08, 0, 1.25),
        };
        double mean = 20 + 30 * rng.NextDouble();
        var texture = new SmoothField(rng, 4);
        var paint = slab.Paintable;
        BlobRaster.Paint(slab.Geometry, site, shape.ReachMm + Math.Sqrt(offsetMm.X * offsetMm.X + offsetMm.Y * offsetMm.Y + offsetMm.Z * offsetMm.Z),
            (x, y, z) => shape.Sdf(x - offsetMm.X, y - offsetMm.Y, z - offsetMm.Z), 0.6,
            (x, y, z, i, a, px, py, pz) =>
            {
                if (paint[i] == 0) return;
                canvas.Replace(x, y, z, i, a, mean + 10 * texture.Value(px, py, pz));
            });
    }

    /// <summary>Pure ground glass: parenchyma raised to -660..-520 HU (±55 HU texture), a hazy 3 mm edge.</summary>
    public static void PaintGroundGlass(SynthSlab slab, LesionCanvas canvas, Random rng, (int X, int Y, int Z) site, double r, double parenchyma)
    {
        var shape = new BlobShape(rng, r, 1 + rng.Next(2), 0.12, 0, 1.3);
        double target = -660 + 140 * rng.NextDouble();
        var texture = new SmoothField(rng, 3.5);
        var paint = slab.Paintable;
        BlobRaster.Paint(slab.Geometry, site, shape.ReachMm + 3, shape.Sdf, 3.0,
            (x, y, z, i, a, px, py, pz) =>
            {
                if (paint[i] == 0) return;
                canvas.GroundGlass(i, a, target + 55 * texture.Value(px, py, pz), parenchyma);
            });
    }

    /// <summary>Median HU of lung parenchyma (lung voxels below -600 HU) within a box around a site.</summary>
    public static double ParenchymaHu(SynthSlab slab, (int X, int Y, int Z) c, double radiusMm)
    {
        var g = slab.Geometry;
        var values = new List<short>();
        int rx = (int)(radiusMm / g.Spacing.X), ry = (int)(radiusMm / g.Spacing.Y), rz = (int)(radiusMm / g.Spacing.Z);
        for (int z = Math.Max(0, c.Z - rz); z <= Math.Min(g.SizeZ - 1, c.Z + rz); z += 2)
            for (int y = Math.Max(0, c.Y - ry); y <= Math.Min(g.SizeY - 1, c.Y + ry); y += 2)
                for (int x = Math.Max(0, c.X - rx); x <= Math.Min(g.SizeX - 1, c.X + rx); x += 2)
                {
                    long i = g.Index(x, y, z);
                    short v = slab.Ct.Hu.Data[i];
                    if (v < -600 && RegionMap.IsLung(slab.Labels.Data[i])) values.Add(v);
                }
        if (values.Count == 0) return -850;
        values.Sort();
        return values[values.Count / 2];
    }
}
