using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Components;
using ChestScreener.Results;

namespace ChestScreener.Pipeline.Findings;

/// <summary>
/// Score map -> findings: threshold, 3D connected components, speck removal, and per finding its volume, score sum and
/// max, voxel and LPS boxes, centre and the regions it overlaps. The only pass over the whole grid is the parallel
/// threshold scan that builds foreground runs; labelling and statistics then cost in proportion to the anomalous voxels.
/// </summary>
public static class FindingExtractor
{
    public static FindingSet Extract(Volume<float> scores, Volume<byte>? regions, FindingOptions options, int threads = 0)
    {
        if (options.MaxFindings is < 0 or > 255) throw new ArgumentOutOfRangeException(nameof(options), "MaxFindings must be 0..255 (byte id volume)");
        if (regions is not null && regions.Data.Length != scores.Data.Length) throw new ArgumentException("region labels and scores must be on the same grid", nameof(regions));
        var g = scores.Geometry;
        double voxelMm3 = g.VoxelVolumeMm3;
        var ids = scores.Like<byte>();

        var runs = RunSet.AboveThreshold(scores, (float)options.VoxelThreshold, threads);
        var runLabels = runs.Label(options.Connectivity, out int count);

        var stats = new ComponentStats(count, RegionMap.Count);
        var src = scores.Data;
        var regionData = regions?.Data;
        double scoreSum = 0;
        long voxels = 0;
        ForEachRun(runs, (run, y, z, start) =>
        {
            int l = runLabels[run];
            for (int x = runs.X0[run]; x < runs.X1[run]; x++)
            {
                float v = src[start + x];
                scoreSum += v;
                stats.Add(l, x, y, z, v, regionData is null ? RegionMap.Other : regionData[start + x]);
            }
            voxels += runs.X1[run] - runs.X0[run];
        }, g);

        // Keep components above the speck size, largest score sum first (ties: raster order).
        var kept = new List<int>();
        for (int l = 1; l <= count; l++)
        {
            if (stats.Count[l] * voxelMm3 >= options.MinFindingVolumeMm3) kept.Add(l);
        }
        kept.Sort((a, b) => { int c = stats.Sum[b].CompareTo(stats.Sum[a]); return c != 0 ? c : a.CompareTo(b); });
        int listed = Math.Min(kept.Count, options.MaxFindings);

        var newId = new byte[count + 1];
        var findings = new List<Finding>(listed);
        for (int k = 0; k < listed; k++)
        {
            newId[kept[k]] = (byte)(k + 1);
            findings.Add(stats.ToFinding(kept[k], k + 1, g, voxelMm3));
        }

        var idData = ids.Data;
        ForEachRun(runs, (run, _, _, start) =>
        {
            byte id = newId[runLabels[run]];
            if (id != 0) idData.AsSpan((int)(start + runs.X0[run]), runs.X1[run] - runs.X0[run]).Fill(id);
        }, g);

        // Naming by contact needs the painted ids.
        if (regions is not null)
        {
            for (int k = 0; k < findings.Count; k++) findings[k] = RegionContext.Name(findings[k], ids, regions, options);
        }

        // Measurements that need each finding's voxels: its part of the anomalous volume, longest diameter, slice range.
        var voxelsOf = new List<int>[findings.Count];
        for (int k = 0; k < voxelsOf.Length; k++) voxelsOf[k] = new List<int>((int)Math.Min(int.MaxValue / 2, 3 * stats.Count[kept[k]]));
        ForEachRun(runs, (run, y, z, _) =>
        {
            byte id = newId[runLabels[run]];
            if (id == 0) return;
            var list = voxelsOf[id - 1];
            for (int x = runs.X0[run]; x < runs.X1[run]; x++) { list.Add(x); list.Add(y); list.Add(z); }
        }, g);
        var measured = new Finding[findings.Count];
        Parallel.For(0, findings.Count, Parallelism.Options(threads), k =>
        {
            var f = findings[k];
            measured[k] = f with
            {
                AnomalousVolumeMm3 = Math.Round(stats.Sum[kept[k]] * voxelMm3, 1),
                LongestDiameterMm = Math.Round(FindingDiameter.Of(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(voxelsOf[k]), g), 1),
                SliceRange = [f.BboxVoxel.Min[2] + 1, f.BboxVoxel.Max[2] + 1],
            };
        });
        findings = [.. measured];

        return new FindingSet
        {
            Findings = findings,
            Ids = ids,
            AnomalousVolumeMm3 = scoreSum * voxelMm3,
            AnomalousVoxels = voxels,
            ComponentCount = count,
            UnlistedFindings = kept.Count - listed,
        };
    }

    /// <summary>Calls <paramref name="visit"/>(run, y, z, index of voxel (0, y, z)) for every run in raster order.</summary>
    private static void ForEachRun(RunSet runs, Action<int, int, int, long> visit, Imaging.Geometry.VolumeGeometry g)
    {
        for (int z = 0; z < runs.SizeZ; z++)
        for (int y = 0; y < runs.SizeY; y++)
        {
            int r = z * runs.SizeY + y;
            int end = runs.RowStart[r + 1];
            if (runs.RowStart[r] == end) continue;
            long start = g.Index(0, y, z);
            for (int run = runs.RowStart[r]; run < end; run++) visit(run, y, z, start);
        }
    }
}
