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
        var labels = anatomy.Labels;
        var g = labels.Geometry;
        var grid = Grid3.Of(labels);
        var airway = new byte[labels.Data.Length];
        if (airwayMarginMm >= 0)
        {
            for (int i = 0; i < airway.Length; i++) airway[i] = labels.Data[i] == RegionMap.Airways ? (byte)1 : (byte)0;
            if (airwayMarginMm > 0) airway = BinaryMorphology.Dilate(airway, grid, Radius(airwayMarginMm, g.Spacing.X), Radius(airwayMarginMm, g.Spacing.Y), Radius(airwayMarginMm, g.Spacing.Z), threads);
        }
        byte[]? field = null;
        if (lungMarginMm >= 0)
        {
            field = new byte[labels.Data.Length];
            for (int i = 0; i < field.Length; i++) field[i] = RegionMap.IsLung(labels.Data[i]) ? (byte)1 : (byte)0;
            if (lungMarginMm > 0) field = BinaryMorphology.Dilate(field, grid, Radius(lungMarginMm, g.Spacing.X), Radius(lungMarginMm, g.Spacing.Y), Radius(lungMarginMm, g.Spacing.Z), threads);
        }
        var result = new Volume<byte>(g);
        var body = anatomy.Body.Data;
        for (int i = 0; i < airway.Length; i++)
            result.Data[i] = body[i] != 0 && airway[i] == 0 && (field == null || field[i] != 0) ? (byte)1 : (byte)0;
        return result;
    }

    private static int Radius(double mm, double spacing) => (int)Math.Round(mm / spacing);
}
