using ChestScreener.Imaging;
using ChestScreener.Imaging.Filters;

namespace ChestScreener.Anatomy;

/// <summary>
/// Where anomaly scores count: the body without the central airways (trachea and main bronchi, widened by a margin).
/// Normal airways are air in a tube of soft tissue, rare enough among normal voxels that they held the highest normal
/// scores; endobronchial lesions are out of scope and the report says so.
/// </summary>
public static class ScoringMask
{
    public static Volume<byte> Build(AnatomyResult anatomy, double airwayMarginMm, int threads = 0)
    {
        var labels = anatomy.Labels;
        var g = labels.Geometry;
        var airway = new byte[labels.Data.Length];
        for (int i = 0; i < airway.Length; i++) airway[i] = labels.Data[i] == RegionMap.Airways ? (byte)1 : (byte)0;
        if (airwayMarginMm > 0)
        {
            int rx = (int)Math.Round(airwayMarginMm / g.Spacing.X), ry = (int)Math.Round(airwayMarginMm / g.Spacing.Y), rz = (int)Math.Round(airwayMarginMm / g.Spacing.Z);
            airway = BinaryMorphology.Dilate(airway, Grid3.Of(labels), rx, ry, rz, threads);
        }
        var result = new Volume<byte>(g);
        var body = anatomy.Body.Data;
        for (int i = 0; i < airway.Length; i++) result.Data[i] = body[i] != 0 && airway[i] == 0 ? (byte)1 : (byte)0;
        return result;
    }
}
