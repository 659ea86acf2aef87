using ChestScreener.Model.Density;
using ChestScreener.Model.Preprocessing;

namespace ChestScreener.Model.Calibration;

/// <summary>
/// The patient's own reference (model.json <c>calibration.mirror_reference_mm</c>): each scored voxel's NLL is lowered by
/// how far the same place in the other half of the chest stands above the scan's median. A new scanner, kernel or
/// breathing state raises normal tissue on both sides alike (dependent lung, apices, bases), so that rise cancels; a
/// mass or a nodule is one-sided, its mirror image is ordinary lung, and it keeps its score. The reference is a box mean
/// over the scored voxels around the mirrored position, so that the two halves need not match voxel for voxel.
/// The map can only go down: a voxel whose mirror image is quieter than the median keeps its own value.
/// </summary>
public static class MirrorReference
{
    /// <summary>A mirror box with fewer scored voxels than this share of its volume (the heart's side) gives no reference.</summary>
    public const double MinCoverage = 0.25;

    /// <summary>Rewrites <paramref name="map"/> (NaN = unscored) in place; the midline is the body's (<see cref="Midline"/>).</summary>
    public static void Apply(float[] map, PreprocessedVolume pv, double halfWidthMm, int threads) =>
        Apply(map, Midline(pv.Body, pv.SizeX, pv.SizeY, pv.SizeZ), pv.SizeX, pv.SizeY, pv.SizeZ,
            (int)Math.Max(1, Math.Round(halfWidthMm / pv.Geometry.Spacing.X)), threads);

    /// <param name="midline">x (voxels) of the mirror plane: x mirrors to 2 midline - x.</param>
    /// <param name="half">Half-width of the reference box in voxels.</param>
    public static void Apply(float[] map, double midline, int sx, int sy, int sz, int half, int threads)
    {
        if (map.Length != sx * sy * sz) throw new ArgumentException("map does not match the grid", nameof(map));
        var (median, _) = ScanNormalisation.Quantiles(map);
        if (double.IsNaN(median)) return;
        var values = new float[map.Length];
        var valid = new float[map.Length];
        for (int i = 0; i < map.Length; i++)
            if (!float.IsNaN(map[i])) { values[i] = map[i]; valid[i] = 1; }
        var sums = new BoxSums(values, sx, sy, sz);
        var counts = new BoxSums(valid, sx, sy, sz);
        var source = (float[])map.Clone();
        Parallel.For(0, sz, new ParallelOptions { MaxDegreeOfParallelism = threads }, z =>
        {
            for (int y = 0; y < sy; y++)
            {
                int row = (z * sy + y) * sx;
                for (int x = 0; x < sx; x++)
                {
                    float v = source[row + x];
                    if (float.IsNaN(v)) continue;
                    int mx = (int)Math.Round(2 * midline - x);
                    if (mx < 0 || mx >= sx) continue;
                    double n = counts.Sum(mx - half, y - half, z - half, mx + half, y + half, z + half, out long box);
                    if (box == 0 || n < MinCoverage * box) continue;
                    double reference = sums.Sum(mx - half, y - half, z - half, mx + half, y + half, z + half, out _) / n;
                    if (reference > median) map[row + x] = (float)(v - (reference - median));
                }
            }
        });
    }

    /// <summary>
    /// The body's left-right midline (x, voxels): the median over slices of the middle of the body's x extent. One plane
    /// for the scan: a patient lies off-centre far more often than turned about the long axis.
    /// </summary>
    public static double Midline(byte[] body, int sx, int sy, int sz)
    {
        var mids = new List<double>(sz);
        for (int z = 0; z < sz; z++)
        {
            int lo = sx, hi = -1;
            for (int y = 0; y < sy; y++)
            {
                int row = (z * sy + y) * sx;
                for (int x = 0; x < lo; x++) if (body[row + x] != 0) { lo = x; break; }
                for (int x = sx - 1; x > hi; x--) if (body[row + x] != 0) { hi = x; break; }
            }
            if (hi >= lo) mids.Add((lo + hi) / 2.0);
        }
        if (mids.Count == 0) return (sx - 1) / 2.0;
        mids.Sort();
        return mids[mids.Count / 2];
    }
}
