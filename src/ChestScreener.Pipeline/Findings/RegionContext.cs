using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Results;

namespace ChestScreener.Pipeline.Findings;

/// <summary>
/// Names the region a finding sits in. The overlap shares stay as measured, but when the largest overlap is unnamed
/// soft tissue ("other" or "pleura_chest_wall") and lung surrounds the finding, the finding is named by the lung zone
/// around it: the classical anatomy stage labels a solid mass that fills lung space (and abuts the pleura) as soft
/// tissue, while a reader calls it a lung mass. A true chest-wall finding has little lung around it and keeps its name.
/// </summary>
public static class RegionContext
{
    public static Finding Name(Finding f, Volume<byte> regions, FindingOptions options)
    {
        if (f.Region != RegionMap.Name(RegionMap.Other) && f.Region != RegionMap.Name(RegionMap.PleuraChestWall)) return f;
        var g = regions.Geometry;
        int mx = Margin(options.ContextMarginMm, g.Spacing.X), my = Margin(options.ContextMarginMm, g.Spacing.Y), mz = Margin(options.ContextMarginMm, g.Spacing.Z);
        var min = f.BboxVoxel.Min;
        var max = f.BboxVoxel.Max;
        int x0 = Math.Max(0, min[0] - mx), x1 = Math.Min(g.SizeX - 1, max[0] + mx);
        int y0 = Math.Max(0, min[1] - my), y1 = Math.Min(g.SizeY - 1, max[1] + my);
        int z0 = Math.Max(0, min[2] - mz), z1 = Math.Min(g.SizeZ - 1, max[2] + mz);

        // Histogram of the shell: the grown box minus the finding's own box.
        var counts = new long[RegionMap.Count];
        long shell = 0;
        for (int z = z0; z <= z1; z++)
        for (int y = y0; y <= y1; y++)
        {
            bool rowInside = z >= min[2] && z <= max[2] && y >= min[1] && y <= max[1];
            var row = regions.Data.AsSpan((int)g.Index(0, y, z), g.SizeX);
            for (int x = x0; x <= x1; x++)
            {
                if (rowInside && x >= min[0] && x <= max[0]) continue;
                byte l = row[x];
                if (l < counts.Length) counts[l]++;
                shell++;
            }
        }
        if (shell == 0) return f;
        long lung = 0, bestCount = 0;
        byte best = 0;
        for (byte l = RegionMap.RightLungUpper; l <= RegionMap.LeftLungLower; l++)
        {
            lung += counts[l];
            if (counts[l] > bestCount) { best = l; bestCount = counts[l]; }
        }
        if (best == 0 || (double)lung / shell < options.LungContextShare) return f;
        return f with { Region = RegionMap.Name(best) };
    }

    private static int Margin(double mm, double spacing) => Math.Max(1, (int)Math.Ceiling(mm / spacing));
}
