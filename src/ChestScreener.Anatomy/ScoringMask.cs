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
/// </list>
/// </summary>
public static class ScoringMask
{
    /// <param name="airwayMarginMm">Airways widened by this are not scored; negative = airways are scored.</param>
    /// <param name="lungMarginMm">Only lungs widened by this are scored; negative = the whole body is scored.</param>
    /// <returns>The body mask itself when neither rule is on.</returns>
    public static Volume<byte> Build(AnatomyResult anatomy, double airwayMarginMm, double lungMarginMm = -1, int threads = 0)
    {
        if (airwayMarginMm < 0 && lungMarginMm < 0) return anatomy.Body;
        var airway = airwayMarginMm >= 0 ? Widened(anatomy.Labels, l => l == RegionMap.Airways, airwayMarginMm, threads) : null;
        var field = lungMarginMm >= 0 ? Widened(anatomy.Labels, RegionMap.IsLung, lungMarginMm, threads) : null;
        var result = new Volume<byte>(anatomy.Labels.Geometry);
        var body = anatomy.Body.Data;
        for (int i = 0; i < body.Length; i++)
            result.Data[i] = body[i] != 0 && (airway == null || airway[i] == 0) && (field == null || field[i] != 0) ? (byte)1 : (byte)0;
        return result;
    }

    // 1 on the labels that pass, dilated by marginMm; the test is read once per label value, not per voxel.
    private static byte[] Widened(Volume<byte> labels, Func<byte, bool> label, double marginMm, int threads)
    {
        Span<byte> take = stackalloc byte[256];
        for (int v = 0; v < 256; v++) take[v] = label((byte)v) ? (byte)1 : (byte)0;
        var mask = new byte[labels.Data.Length];
        for (int i = 0; i < mask.Length; i++) mask[i] = take[labels.Data[i]];
        if (marginMm <= 0) return mask;
        var s = labels.Geometry.Spacing;
        return BinaryMorphology.Dilate(mask, Grid3.Of(labels), Radius(marginMm, s.X), Radius(marginMm, s.Y), Radius(marginMm, s.Z), threads);
    }

    private static int Radius(double mm, double spacing) => (int)Math.Round(mm / spacing);
}
