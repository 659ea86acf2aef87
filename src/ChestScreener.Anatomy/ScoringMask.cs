using System.Numerics;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Filters;

namespace ChestScreener.Anatomy;

/// <summary>
/// Where anomaly scores count. Two rules, both read from model.json's decision block:
/// <list type="bullet">
/// <item>central airways (trachea and main bronchi, widened by a margin) get no score: normal airways are air in a tube
/// of soft tissue, rare enough among normal voxels that they held the highest normal scores; endobronchial lesions are
/// out of scope and the report says so;</item>
/// <item>optionally only the lung fields are scored: the lungs (with the vessels and nodules filled in, see
/// LungSegmenter) widened by a margin that takes in the pleura, the hila and masses that grow from the lung into the
/// chest wall or mediastinum. A model fitted on few normal studies has its false-positive tail in the mediastinum and
/// upper abdomen, which then no longer sets the threshold for the lungs.</item>
/// <item>optionally the mediastinum and heart widened by a margin get no score either: in a patient the density model has
/// not seen, the highest-scoring normal lung lies along the mediastinal border (hila, great vessels, junction lines).</item>
/// </list>
/// </summary>
public static class ScoringMask
{
    /// <param name="airwayMarginMm">Airways widened by this are not scored; negative = airways are scored.</param>
    /// <param name="lungMarginMm">Only lungs widened by this are scored; negative = the whole body is scored.</param>
    /// <param name="mediastinumMarginMm">Mediastinum and heart widened by this are not scored; negative = rule off.</param>
    /// <returns>The body mask itself when no rule is on.</returns>
    public static Volume<byte> Build(AnatomyResult anatomy, double airwayMarginMm, double lungMarginMm = -1, int threads = 0, double mediastinumMarginMm = -1)
    {
        if (airwayMarginMm < 0 && lungMarginMm < 0 && mediastinumMarginMm < 0) return anatomy.Body;
        var airway = airwayMarginMm >= 0 ? Widened(anatomy.Labels, RegionMap.Airways, RegionMap.Airways, airwayMarginMm, threads) : null;
        var mediastinum = mediastinumMarginMm >= 0 ? Widened(anatomy.Labels, RegionMap.Mediastinum, RegionMap.Heart, mediastinumMarginMm, threads) : null;
        var field = lungMarginMm >= 0 ? Widened(anatomy.Labels, RegionMap.FirstLung, RegionMap.LastLung, lungMarginMm, threads) : null;
        var g = Grid3.Of(anatomy.Labels);
        var result = new Volume<byte>(anatomy.Labels.Geometry);
        var body = anatomy.Body.Data;
        Parallel.For(0, g.Z, Grid3.Parallelism(threads), z =>
        {
            for (int y = 0; y < g.Y; y++)
            {
                int row = g.Index(0, y, z);
                var dst = result.Data.AsSpan(row, g.X);
                InRange(body.AsSpan(row, g.X), 1, 255, dst);
                field?.KeepInside(dst, y, z);
                airway?.ClearInside(dst, y, z);
                mediastinum?.ClearInside(dst, y, z);
            }
        });
        return result;
    }

    // The labels lo..hi, dilated by marginMm, computed only in their bounding box widened by the margin (the airways
    // are a small part of the scan, the lungs about half of it).
    private static BoxMask Widened(Volume<byte> labels, byte lo, byte hi, double marginMm, int threads)
    {
        var g = Grid3.Of(labels);
        var s = labels.Geometry.Spacing;
        int rx = Radius(marginMm, s.X), ry = Radius(marginMm, s.Y), rz = Radius(marginMm, s.Z);
        var bounds = BoundingBox(labels.Data, g, lo, hi, threads);
        // No such label: an empty box (nothing in the field, nothing cut out).
        if (bounds == null) return new BoxMask([], new Grid3(0, 0, 0), 0, 0, 0);
        var (x0, y0, z0, x1, y1, z1) = bounds.Value;
        x0 = Math.Max(0, x0 - rx); y0 = Math.Max(0, y0 - ry); z0 = Math.Max(0, z0 - rz);
        x1 = Math.Min(g.X, x1 + rx); y1 = Math.Min(g.Y, y1 + ry); z1 = Math.Min(g.Z, z1 + rz);
        var box = new Grid3(x1 - x0, y1 - y0, z1 - z0);
        var mask = new byte[box.Count];
        Parallel.For(0, box.Z, Grid3.Parallelism(threads), bz =>
        {
            for (int by = 0; by < box.Y; by++)
                InRange(labels.Data.AsSpan(g.Index(x0, y0 + by, z0 + bz), box.X), lo, hi, mask.AsSpan(box.Index(0, by, bz), box.X));
        });
        if (marginMm > 0) mask = BinaryMorphology.Dilate(mask, box, rx, ry, rz, threads);
        return new BoxMask(mask, box, x0, y0, z0);
    }

    // [x0, x1) etc. of the voxels labelled lo..hi; null when there are none.
    private static (int, int, int, int, int, int)? BoundingBox(byte[] labels, Grid3 g, byte lo, byte hi, int threads)
    {
        var rows = new (int X0, int X1)[g.Z * g.Y];
        Parallel.For(0, g.Z, Grid3.Parallelism(threads), z =>
        {
            for (int y = 0; y < g.Y; y++)
            {
                var src = labels.AsSpan(g.Index(0, y, z), g.X);
                int a = src.IndexOfAnyInRange(lo, hi);
                rows[z * g.Y + y] = a < 0 ? (-1, -1) : (a, src.LastIndexOfAnyInRange(lo, hi) + 1);
            }
        });
        int x0 = int.MaxValue, x1 = -1, y0 = int.MaxValue, y1 = -1, z0 = int.MaxValue, z1 = -1;
        for (int z = 0; z < g.Z; z++)
            for (int y = 0; y < g.Y; y++)
            {
                var (a, b) = rows[z * g.Y + y];
                if (a < 0) continue;
                x0 = Math.Min(x0, a); x1 = Math.Max(x1, b);
                y0 = Math.Min(y0, y); y1 = Math.Max(y1, y + 1);
                z0 = Math.Min(z0, z); z1 = Math.Max(z1, z + 1);
            }
        return x1 < 0 ? null : (x0, y0, z0, x1, y1, z1);
    }

    // dst = 1 where lo <= src <= hi, else 0 (one unsigned compare per byte: src - lo <= hi - lo).
    private static void InRange(ReadOnlySpan<byte> src, byte lo, byte hi, Span<byte> dst)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vlo = new Vector<byte>(lo); var span = new Vector<byte>((byte)(hi - lo)); var one = Vector<byte>.One;
            for (; x <= src.Length - Vector<byte>.Count; x += Vector<byte>.Count)
                (Vector.LessThanOrEqual(new Vector<byte>(src[x..]) - vlo, span) & one).CopyTo(dst[x..]);
        }
        for (; x < src.Length; x++) dst[x] = (byte)(src[x] - lo) <= (byte)(hi - lo) ? (byte)1 : (byte)0;
    }

    private static int Radius(double mm, double spacing) => (int)Math.Round(mm / spacing);

    // A 0/1 mask that is 0 everywhere outside its box (origin x0, y0, z0 in the full grid).
    private sealed class BoxMask(byte[] mask, Grid3 box, int x0, int y0, int z0)
    {
        // 0 wherever the mask is 0 (and outside the box).
        public void KeepInside(Span<byte> row, int y, int z)
        {
            if (!TryRow(y, z, out var m)) { row.Clear(); return; }
            row[..x0].Clear();
            row[(x0 + box.X)..].Clear();
            var part = row.Slice(x0, box.X);
            System.Numerics.Tensors.TensorPrimitives.BitwiseAnd(part, m, part);
        }

        // 0 wherever the mask is 1.
        public void ClearInside(Span<byte> row, int y, int z)
        {
            if (!TryRow(y, z, out var m)) return;
            var part = row.Slice(x0, box.X);
            for (int x = 0; x < part.Length; x++) if (m[x] != 0) part[x] = 0;
        }

        private bool TryRow(int y, int z, out ReadOnlySpan<byte> row)
        {
            int by = y - y0, bz = z - z0;
            if (by < 0 || bz < 0 || by >= box.Y || bz >= box.Z) { row = default; return false; }
            row = mask.AsSpan(box.Index(0, by, bz), box.X);
            return true;
        }
    }
}
