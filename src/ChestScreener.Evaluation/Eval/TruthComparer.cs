using ChestScreener.Evaluation.Metrics;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Results;

namespace ChestScreener.Evaluation.Eval;

/// <summary>
/// Compares one study's outputs with its truth: the mask is brought onto the CT grid (directly when the grids match,
/// else by nearest voxel through LPS), a finding "hits" when its LPS box holds a truth voxel centre, and the voxel
/// histogram pairs the score map with the mask inside the body.
/// </summary>
internal static class TruthComparer
{
    /// <summary>
    /// The truth on the grid <paramref name="g"/>: a NIfTI mask's labels (0 = none; a label map keeps lesion k as k),
    /// else 1 inside an LPS box, else null.
    /// </summary>
    public static byte[]? LabelsOnGrid(ManifestRow row, VolumeGeometry g)
    {
        if (row.Mask.Length > 0 && File.Exists(row.Mask))
        {
            var nifti = NiftiReader.Read(row.Mask).Values;
            var m = nifti.Geometry;
            var result = new byte[g.VoxelCount];
            if (m.SizeX == g.SizeX && m.SizeY == g.SizeY && m.SizeZ == g.SizeZ && (m.Origin - g.Origin).Length < 0.5)
            {
                for (long i = 0; i < result.Length; i++) result[i] = Label(nifti.Data[i]);
                return result;
            }
            Parallel.For(0, g.SizeZ, z =>
            {
                for (int y = 0; y < g.SizeY; y++)
                    for (int x = 0; x < g.SizeX; x++)
                    {
                        var p = m.LpsToIndex(g.IndexToLps(x, y, z));
                        int mx = (int)Math.Round(p.X), my = (int)Math.Round(p.Y), mz = (int)Math.Round(p.Z);
                        if (m.Contains(mx, my, mz)) result[g.Index(x, y, z)] = Label(nifti[mx, my, mz]);
                    }
            });
            return result;
        }
        if (row.BoxLps is { } b)
        {
            var result = new byte[g.VoxelCount];
            for (int z = 0; z < g.SizeZ; z++)
                for (int y = 0; y < g.SizeY; y++)
                    for (int x = 0; x < g.SizeX; x++)
                        if (Inside(g.IndexToLps(x, y, z), b, 0)) result[g.Index(x, y, z)] = 1;
            return result;
        }
        return null;
    }

    /// <summary>Whether a finding's LPS box (grown by half a voxel) holds any truth voxel centre.</summary>
    public static bool Hits(Finding f, byte[] truth, VolumeGeometry g)
    {
        double[] box = [f.BboxMmLps.Min[0], f.BboxMmLps.Min[1], f.BboxMmLps.Min[2], f.BboxMmLps.Max[0], f.BboxMmLps.Max[1], f.BboxMmLps.Max[2]];
        int[] lo = f.BboxVoxel.Min, hi = f.BboxVoxel.Max;
        // The voxel box is on this grid (result.json, column,row,slice): scan it, checked against the LPS box.
        for (int z = Math.Max(0, lo[2]); z <= Math.Min(g.SizeZ - 1, hi[2]); z++)
            for (int y = Math.Max(0, lo[1]); y <= Math.Min(g.SizeY - 1, hi[1]); y++)
                for (int x = Math.Max(0, lo[0]); x <= Math.Min(g.SizeX - 1, hi[0]); x++)
                    if (truth[g.Index(x, y, z)] != 0 && Inside(g.IndexToLps(x, y, z), box, 0.5 * Math.Max(g.Spacing.X, Math.Max(g.Spacing.Y, g.Spacing.Z)))) return true;
        return false;
    }

    /// <summary>Score histogram of truth (positive) vs. other body voxels (negative).</summary>
    public static ScoreHistogram VoxelHistogram(Volume<float> scores, byte[] truth, Volume<byte>? body)
    {
        var h = new ScoreHistogram();
        var s = scores.Data;
        for (long i = 0; i < s.Length; i++)
        {
            bool positive = truth[i] != 0;
            if (!positive && body is not null && body.Data[i] == 0) continue;
            h.Add(s[i], positive);
        }
        return h;
    }

    private static byte Label(float v) => v > 0.5f ? (byte)Math.Clamp(MathF.Round(v), 1, 255) : (byte)0;

    private static bool Inside(Vec3 p, double[] b, double grow) =>
        p.X >= b[0] - grow && p.X <= b[3] + grow && p.Y >= b[1] - grow && p.Y <= b[4] + grow && p.Z >= b[2] - grow && p.Z <= b[5] + grow;
}
