using System.Globalization;
using ChestScreener.Anatomy;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// Pleural disease of a supine patient: an effusion fills the most dependent (posterior) part of a hemithorax with
/// fluid (0-20 HU) under a curved surface, thickest at the base and tapering towards the apex, with a band of
/// compressive atelectasis above it; a pneumothorax replaces the non-dependent (anterior) lung rim by air without lung
/// markings, bounded by a thin visceral pleural line.
/// </summary>
internal static class PleuralInserter
{
    public static string InsertEffusion(SynthSlab slab, LesionCanvas canvas, LesionSpec spec, Random rng)
    {
        var sides = spec.Side switch
        {
            "both" => new[] { "right", "left" },
            "right" or "left" => [spec.Side],
            _ => [rng.Next(2) == 0 ? "right" : "left"],
        };
        double fluidHu = 5 + 13 * rng.NextDouble();
        var ripple = new SmoothField(rng, 25);
        foreach (var side in sides) Effusion(slab, canvas, side, spec.SizeMm, fluidHu, ripple);
        return string.Create(CultureInfo.InvariantCulture, $"pleural effusion, {string.Join(" and ", sides)}, up to {spec.SizeMm:0} mm deep, {fluidHu:0} HU");
    }

    private static void Effusion(SynthSlab slab, LesionCanvas canvas, string side, double depthMm, double fluidHu, SmoothField ripple)
    {
        var g = slab.Geometry;
        var labels = slab.Labels.Data;
        var paint = slab.Paintable;
        double sx = g.Spacing.X, sy = g.Spacing.Y;
        int sign = slab.PosteriorSign;
        var (zLo, zHi) = LungZRange(slab, side);
        if (zLo > zHi) throw new InvalidOperationException($"no {side} lung in slab {slab.Name}");
        bool superiorUp = g.AxisZ.Z >= 0;
        Parallel.For(zLo, zHi + 1, new ParallelOptions { MaxDegreeOfParallelism = 2 }, z =>
        {
            // The most posterior lung point of this side, and the lung's width around it.
            double post = double.MinValue; int xc = 0, xMin = int.MaxValue, xMax = int.MinValue;
            for (int y = 0; y < g.SizeY; y++)
                for (int x = 0; x < g.SizeX; x++)
                {
                    if (!SynthSlab.OnSide(labels[g.Index(x, y, z)], side)) continue;
                    double p = sign * y * sy;
                    if (p > post) { post = p; xc = x; }
                    xMin = Math.Min(xMin, x); xMax = Math.Max(xMax, x);
                }
            if (xMin > xMax) return;
            double rel = zHi == zLo ? 0 : (double)(z - zLo) / (zHi - zLo);
            double towardsApex = superiorUp ? rel : 1 - rel;
            double depth = depthMm * (0.4 + 0.6 * (1 - towardsApex));
            double halfWidth = Math.Max(10, (xMax - xMin) * sx / 2);
            for (int y = 0; y < g.SizeY; y++)
                for (int x = xMin; x <= xMax; x++)
                {
                    long i = g.Index(x, y, z);
                    if (!SynthSlab.OnSide(labels[i], side) && (paint[i] == 0 || RegionMap.IsLung(labels[i]))) continue;
                    double lateral = (x - xc) * sx / halfWidth;
                    double level = post - depth * Math.Max(0.25, 1 - 0.6 * lateral * lateral) + 1.5 * ripple.Value(x * sx, 0, z * g.Spacing.Z);
                    double above = level - sign * y * sy; // mm above the fluid surface (negative: in the fluid)
                    if (above < 0.6)
                        canvas.Replace(x, y, z, i, LesionCanvas.Edge(above, 1.2), fluidHu);
                    else if (above < 4.6)
                        canvas.Replace(x, y, z, i, 0.55 * (1 - (above - 0.6) / 4), -300);
                }
        });
    }

    public static string InsertPneumothorax(SynthSlab slab, LesionCanvas canvas, LesionSpec spec, Random rng)
    {
        string side = spec.Side is "right" or "left" ? spec.Side : rng.Next(2) == 0 ? "right" : "left";
        var g = slab.Geometry;
        var labels = slab.Labels.Data;
        var paint = slab.Paintable;
        var pleura = slab.PleuraDistanceMm;
        double sy = g.Spacing.Y;
        int sign = slab.PosteriorSign;
        var (zLo, zHi) = LungZRange(slab, side);
        if (zLo > zHi) throw new InvalidOperationException($"no {side} lung in slab {slab.Name}");
        var wobble = new SmoothField(rng, 40);
        double width = spec.SizeMm;
        Parallel.For(zLo, zHi + 1, new ParallelOptions { MaxDegreeOfParallelism = 2 }, z =>
        {
            double front = double.MaxValue, sum = 0; long n = 0;
            int xMin = int.MaxValue, xMax = int.MinValue;
            for (int y = 0; y < g.SizeY; y++)
                for (int x = 0; x < g.SizeX; x++)
                {
                    if (!SynthSlab.OnSide(labels[g.Index(x, y, z)], side)) continue;
                    double p = sign * y * sy;
                    front = Math.Min(front, p); sum += p; n++;
                    xMin = Math.Min(xMin, x); xMax = Math.Max(xMax, x);
                }
            if (n < 50) return;
            double centre = sum / n;
            double slabWidth = width * (0.8 + 0.2 * wobble.Value(0, 0, z * g.Spacing.Z));
            for (int y = 0; y < g.SizeY; y++)
                for (int x = Math.Max(0, xMin - 3); x <= Math.Min(g.SizeX - 1, xMax + 3); x++)
                {
                    long i = g.Index(x, y, z);
                    if (!SynthSlab.OnSide(labels[i], side) && (paint[i] == 0 || RegionMap.IsLung(labels[i]))) continue;
                    double f = Math.Clamp((centre - sign * y * sy) / Math.Max(1, centre - front), 0, 1);
                    double rim = slabWidth * Math.Pow(f, 0.8);
                    if (rim < 1.5) continue;
                    double d = pleura[i];
                    if (d < rim + 0.4) canvas.Replace(x, y, z, i, LesionCanvas.Edge(d - rim, 0.8), -1003);
                    else if (d < rim + 1.8)
                    {
                        double t = d - rim - 0.9; // the visceral pleura, about a millimetre thick
                        canvas.Replace(x, y, z, i, 0.6 * Math.Exp(-t * t / (2 * 0.35 * 0.35)), -200);
                    }
                }
        });
        return string.Create(CultureInfo.InvariantCulture, $"pneumothorax, {side}, anterior rim up to {width:0} mm");
    }

    private static (int Lo, int Hi) LungZRange(SynthSlab slab, string side)
    {
        var g = slab.Geometry;
        int lo = int.MaxValue, hi = int.MinValue;
        foreach (int i in slab.LungSites)
        {
            if (!SynthSlab.OnSide(slab.Labels.Data[i], side)) continue;
            int z = i / (g.SizeX * g.SizeY);
            lo = Math.Min(lo, z); hi = Math.Max(hi, z);
        }
        // Sites sample every 3rd slice: extend to the neighbours that may hold lung.
        return lo > hi ? (1, 0) : (Math.Max(0, lo - 2), Math.Min(g.SizeZ - 1, hi + 2));
    }

    internal static bool IsLung(byte label) => RegionMap.IsLung(label);
}
