using ChestScreener.Anatomy;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>Draws lesion sites from a slab's lung voxels under placement rules (side, parenchyma at the centre, lung around it, distance to the pleura, room from the slab ends).</summary>
internal static class SitePicker
{
    private static readonly (double X, double Y, double Z)[] Directions = BuildDirections();

    /// <summary>
    /// A site whose centre is lung parenchyma (HU below -600) on <paramref name="side"/>, at least
    /// <paramref name="zRoomMm"/> from both slab ends, with at least <paramref name="minLungFraction"/> of 26 probe points
    /// at <paramref name="radiusMm"/> inside the lungs and (when given) an in-plane pleural distance in [minPleuraMm, maxPleuraMm].
    /// Falls back to looser fractions when nothing fits; null only when the slab has no lung on that side.
    /// </summary>
    public static (int X, int Y, int Z)? Pick(SynthSlab slab, Random rng, string side, double radiusMm, double minLungFraction,
        double zRoomMm, double minPleuraMm = 0, double maxPleuraMm = double.MaxValue) =>
        Pick(slab, rng, l => SynthSlab.OnSide(l, side), radiusMm, minLungFraction, zRoomMm, minPleuraMm, maxPleuraMm);

    /// <summary>As above with any rule on the centre's region label.</summary>
    public static (int X, int Y, int Z)? Pick(SynthSlab slab, Random rng, Func<byte, bool> labelOk, double radiusMm, double minLungFraction,
        double zRoomMm, double minPleuraMm = 0, double maxPleuraMm = double.MaxValue)
    {
        var g = slab.Geometry;
        float[]? pleura = minPleuraMm > 0 || maxPleuraMm < double.MaxValue ? slab.PleuraDistanceMm : null;
        for (int relax = 0; relax < 4; relax++)
        {
            double fraction = minLungFraction - 0.15 * relax;
            double room = zRoomMm * (1 - 0.25 * relax);
            for (int attempt = 0; attempt < 400; attempt++)
            {
                if (slab.LungSites.Length == 0) return null;
                int i = slab.LungSites[rng.Next(slab.LungSites.Length)];
                int x = i % g.SizeX, y = i / g.SizeX % g.SizeY, z = i / (g.SizeX * g.SizeY);
                if (!labelOk(slab.Labels.Data[i])) continue;
                if (slab.Ct.Hu.Data[i] > -600) continue;
                if (z * g.Spacing.Z < room || (g.SizeZ - 1 - z) * g.Spacing.Z < room) continue;
                if (pleura is not null && (pleura[i] < minPleuraMm || pleura[i] > maxPleuraMm)) continue;
                if (LungFraction(slab, x, y, z, radiusMm) < fraction) continue;
                return (x, y, z);
            }
        }
        return null;
    }

    public static double LungFraction(SynthSlab slab, int x, int y, int z, double radiusMm)
    {
        var g = slab.Geometry;
        int inside = 0;
        foreach (var (dx, dy, dz) in Directions)
        {
            int px = x + (int)Math.Round(dx * radiusMm / g.Spacing.X);
            int py = y + (int)Math.Round(dy * radiusMm / g.Spacing.Y);
            int pz = z + (int)Math.Round(dz * radiusMm / g.Spacing.Z);
            if (g.Contains(px, py, pz) && RegionMap.IsLung(slab.Labels[px, py, pz])) inside++;
        }
        return (double)inside / Directions.Length;
    }

    private static (double, double, double)[] BuildDirections()
    {
        var list = new List<(double, double, double)>();
        for (int dz = -1; dz <= 1; dz++)
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    if (dx == 0 && dy == 0 && dz == 0) continue;
                    double l = Math.Sqrt(dx * dx + dy * dy + dz * dz);
                    list.Add((dx / l, dy / l, dz / l));
                }
        return [.. list];
    }
}
