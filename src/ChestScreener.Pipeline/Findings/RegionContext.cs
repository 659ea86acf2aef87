using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Results;

namespace ChestScreener.Pipeline.Findings;

/// <summary>
/// Names the region a finding sits in. The overlap shares stay as measured, but when the largest overlap is unnamed
/// soft tissue ("other" or "pleura_chest_wall") and much of the finding's surface touches lung, the finding is named by
/// the lung zone it touches most: the classical anatomy stage labels a solid mass that fills lung space (and abuts the
/// pleura or mediastinum) as soft tissue, while a reader calls it a lung mass. A chest-wall finding touches lung on one
/// face at most and keeps its name. A finding in "other" tissue that touches no lung at all (a whole consolidated lobe
/// left unlabelled) is named by the nearest lung zone within <see cref="FindingOptions.NearestLungMm"/>.
/// </summary>
public static class RegionContext
{
    /// <summary>Counts, per region label, the face neighbours of the finding's voxels that lie outside the finding.</summary>
    public static long[] Contacts(Volume<byte> ids, byte id, Volume<byte> regions, BoxVoxel box)
    {
        var g = ids.Geometry;
        var counts = new long[RegionMap.Count];
        var idData = ids.Data;
        var labels = regions.Data;
        long sx = g.SizeX, sxy = (long)g.SizeX * g.SizeY;
        for (int z = box.Min[2]; z <= box.Max[2]; z++)
        for (int y = box.Min[1]; y <= box.Max[1]; y++)
        {
            long row = g.Index(0, y, z);
            for (int x = box.Min[0]; x <= box.Max[0]; x++)
            {
                long i = row + x;
                if (idData[i] != id) continue;
                if (x > 0) Count(i - 1);
                if (x < g.SizeX - 1) Count(i + 1);
                if (y > 0) Count(i - sx);
                if (y < g.SizeY - 1) Count(i + sx);
                if (z > 0) Count(i - sxy);
                if (z < g.SizeZ - 1) Count(i + sxy);
            }
        }
        return counts;

        void Count(long n)
        {
            if (idData[n] == id) return;
            byte l = labels[n];
            counts[l < counts.Length ? l : RegionMap.Other]++;
        }
    }

    public static Finding Name(Finding f, Volume<byte> ids, Volume<byte> regions, FindingOptions options)
    {
        if (f.Region != RegionMap.Name(RegionMap.Other) && f.Region != RegionMap.Name(RegionMap.PleuraChestWall)) return f;
        var counts = Contacts(ids, (byte)f.Id, regions, f.BboxVoxel);
        long surface = 0, lung = 0, bestCount = 0;
        byte best = 0;
        for (byte l = 0; l < counts.Length; l++)
        {
            surface += counts[l];
            if (!RegionMap.IsLung(l)) continue;
            lung += counts[l];
            if (counts[l] > bestCount) { best = l; bestCount = counts[l]; }
        }
        if (best != 0 && surface > 0 && (double)lung / surface >= options.LungContactShare) return f with { Region = RegionMap.Name(best) };
        // Unlabelled tissue walled in by other unlabelled tissue (a large consolidated lobe): the nearest lung says where it is.
        if (f.Region != RegionMap.Name(RegionMap.Other)) return f;
        byte nearest = NearestLungZone(regions, f.BboxVoxel, options.NearestLungMm);
        return nearest == 0 ? f : f with { Region = RegionMap.Name(nearest) };
    }

    /// <summary>
    /// Grows the finding's box in 2 mm rings up to <paramref name="maxMm"/> and returns the most frequent lung zone of
    /// the first ring in which lung makes up at least 1 % of the voxels; 0 when there is none.
    /// </summary>
    public static byte NearestLungZone(Volume<byte> regions, BoxVoxel box, double maxMm)
    {
        var g = regions.Geometry;
        var counts = new long[RegionMap.Count];
        int[] inner = [.. box.Min, .. box.Max];
        for (double mm = 2; mm <= maxMm; mm += 2)
        {
            int[] outer =
            [
                Math.Max(0, box.Min[0] - Steps(mm, g.Spacing.X)), Math.Max(0, box.Min[1] - Steps(mm, g.Spacing.Y)), Math.Max(0, box.Min[2] - Steps(mm, g.Spacing.Z)),
                Math.Min(g.SizeX - 1, box.Max[0] + Steps(mm, g.Spacing.X)), Math.Min(g.SizeY - 1, box.Max[1] + Steps(mm, g.Spacing.Y)), Math.Min(g.SizeZ - 1, box.Max[2] + Steps(mm, g.Spacing.Z)),
            ];
            Array.Clear(counts);
            long ring = 0;
            for (int z = outer[2]; z <= outer[5]; z++)
            for (int y = outer[1]; y <= outer[4]; y++)
            {
                bool rowInner = z >= inner[2] && z <= inner[5] && y >= inner[1] && y <= inner[4];
                var row = regions.Data.AsSpan((int)g.Index(0, y, z), g.SizeX);
                for (int x = outer[0]; x <= outer[3]; x++)
                {
                    if (rowInner && x >= inner[0] && x <= inner[3]) continue;
                    byte l = row[x];
                    if (l < counts.Length) counts[l]++;
                    ring++;
                }
            }
            long lung = 0, bestCount = 0;
            byte best = 0;
            for (byte l = RegionMap.RightLungUpper; l <= RegionMap.LeftLungLower; l++)
            {
                lung += counts[l];
                if (counts[l] > bestCount) { best = l; bestCount = counts[l]; }
            }
            if (ring > 0 && lung >= 0.01 * ring) return best;
            inner = outer;
        }
        return 0;
    }

    private static int Steps(double mm, double spacing) => Math.Max(1, (int)Math.Round(mm / spacing));
}
