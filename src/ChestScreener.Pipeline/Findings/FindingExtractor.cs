using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Components;
using ChestScreener.Results;

namespace ChestScreener.Pipeline.Findings;

/// <summary>
/// Score map -> findings: threshold, 3D connected components, speck removal, and per finding its volume, score sum and
/// max, voxel and LPS boxes, centre and the regions it overlaps. Labelling runs only inside the bounding box of the
/// above-threshold voxels, which is usually a small part of the scan.
/// </summary>
public static class FindingExtractor
{
    public static FindingSet Extract(Volume<float> scores, Volume<byte>? regions, FindingOptions options, int threads = 0)
    {
        if (options.MaxFindings is < 0 or > 255) throw new ArgumentOutOfRangeException(nameof(options), "MaxFindings must be 0..255 (byte id volume)");
        if (regions is not null && regions.Data.Length != scores.Data.Length) throw new ArgumentException("region labels and scores must be on the same grid", nameof(regions));
        var g = scores.Geometry;
        float threshold = (float)options.VoxelThreshold;
        var ids = scores.Like<byte>();

        var (box, anomalousScoreSum, anomalousVoxels) = ScanAboveThreshold(scores, threshold, threads);
        double voxelMm3 = g.VoxelVolumeMm3;
        if (anomalousVoxels == 0)
        {
            return new FindingSet { Findings = [], Ids = ids, AnomalousVolumeMm3 = 0, AnomalousVoxels = 0 };
        }

        // Label inside the crop only.
        int x0 = box[0], y0 = box[1], z0 = box[2];
        int cx = box[3] - x0 + 1, cy = box[4] - y0 + 1, cz = box[5] - z0 + 1;
        var mask = new byte[(long)cx * cy * cz];
        var src = scores.Data;
        for (int z = 0; z < cz; z++)
        for (int y = 0; y < cy; y++)
        {
            long s = g.Index(x0, y0 + y, z0 + z);
            int d = (z * cy + y) * cx;
            for (int x = 0; x < cx; x++) mask[d + x] = src[s + x] > threshold ? (byte)1 : (byte)0;
        }
        var labels = new int[mask.Length];
        int count = ComponentLabeler.Label(mask, cx, cy, cz, labels, options.Connectivity);

        var stats = new ComponentStats(count, RegionMap.Count);
        var regionData = regions?.Data;
        for (int z = 0; z < cz; z++)
        for (int y = 0; y < cy; y++)
        {
            long s = g.Index(x0, y0 + y, z0 + z);
            int d = (z * cy + y) * cx;
            for (int x = 0; x < cx; x++)
            {
                int l = labels[d + x];
                if (l == 0) continue;
                int region = regionData is null ? RegionMap.Other : regionData[s + x];
                stats.Add(l, x0 + x, y0 + y, z0 + z, src[s + x], region);
            }
        }

        // Keep components above the speck size, largest score sum first.
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
            int l = kept[k];
            newId[l] = (byte)(k + 1);
            findings.Add(stats.ToFinding(l, k + 1, g, voxelMm3));
        }

        // Paint the listed findings into the full-grid id volume.
        var idData = ids.Data;
        for (int z = 0; z < cz; z++)
        for (int y = 0; y < cy; y++)
        {
            long s = g.Index(x0, y0 + y, z0 + z);
            int d = (z * cy + y) * cx;
            for (int x = 0; x < cx; x++)
            {
                int l = labels[d + x];
                if (l != 0) idData[s + x] = newId[l];
            }
        }

        return new FindingSet
        {
            Findings = findings,
            Ids = ids,
            AnomalousVolumeMm3 = anomalousScoreSum * voxelMm3,
            AnomalousVoxels = anomalousVoxels,
            ComponentCount = count,
            UnlistedFindings = kept.Count - listed,
        };
    }

    /// <summary>Parallel per slice: bounding box (x0,y0,z0,x1,y1,z1) of voxels above threshold, their score sum and count.</summary>
    private static (int[] Box, double ScoreSum, long Voxels) ScanAboveThreshold(Volume<float> scores, float threshold, int threads)
    {
        int sx = scores.SizeX, sy = scores.SizeY, sz = scores.SizeZ;
        var minX = new int[sz]; var maxX = new int[sz]; var minY = new int[sz]; var maxY = new int[sz];
        var sums = new double[sz]; var counts = new long[sz];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : -1 };
        Parallel.For(0, sz, parallel, z =>
        {
            ReadOnlySpan<float> slice = scores.Slice(z);
            int mnx = int.MaxValue, mxx = -1, mny = int.MaxValue, mxy = -1;
            double sum = 0; long n = 0;
            for (int y = 0; y < sy; y++)
            {
                var row = slice.Slice(y * sx, sx);
                for (int x = 0; x < sx; x++)
                {
                    float v = row[x];
                    if (!(v > threshold)) continue;
                    sum += v; n++;
                    if (x < mnx) mnx = x;
                    if (x > mxx) mxx = x;
                    if (y < mny) mny = y;
                    mxy = y;
                }
            }
            minX[z] = mnx; maxX[z] = mxx; minY[z] = mny; maxY[z] = mxy; sums[z] = sum; counts[z] = n;
        });

        var box = new[] { int.MaxValue, int.MaxValue, int.MaxValue, -1, -1, -1 };
        double total = 0; long voxels = 0;
        for (int z = 0; z < sz; z++)
        {
            if (counts[z] == 0) continue;
            total += sums[z]; voxels += counts[z];
            box[0] = Math.Min(box[0], minX[z]); box[3] = Math.Max(box[3], maxX[z]);
            box[1] = Math.Min(box[1], minY[z]); box[4] = Math.Max(box[4], maxY[z]);
            box[2] = Math.Min(box[2], z); box[5] = z;
        }
        return (box, total, voxels);
    }
}
