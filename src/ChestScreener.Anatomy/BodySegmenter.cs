using ChestScreener.Imaging.Filters;

namespace ChestScreener.Anatomy;

/// <summary>Body outline on the working grid: the largest body-density component with the table cut off, holes filled per slice.</summary>
internal static class BodySegmenter
{
    /// <summary>Returns (body tissue mask without the table, the same with every enclosed air region filled).</summary>
    public static (byte[] Tissue, byte[] Filled) Segment(WorkGrid w, AnatomyOptions o)
    {
        var g = w.G;
        var hu = w.Hu.Data;
        var dense = new byte[hu.Length];
        short t = o.BodyHu;
        System.Threading.Tasks.Parallel.For(0, g.Z, w.Parallel, z =>
        {
            int off = z * g.Slice;
            for (int i = off; i < off + g.Slice; i++) dense[i] = hu[i] > t ? (byte)1 : (byte)0;
        });
        int r = w.InPlane(o.TableCutMm);
        // Fill the enclosed air first (lungs, bowel gas): a thin chest wall is then backed by the filled lungs and
        // survives the erosion that cuts the table and straps off; keep the largest piece and grow it back inside the
        // filled mask: the skin returns, the table does not (it was never within r of the eroded body).
        var solid = SliceFill.FillHoles(dense, g, int.MaxValue, w.Threads);
        var core = ConnectedComponents.Largest3D(BinaryMorphology.Erode(solid, g, r, r, 0, w.Threads), g);
        var grown = BinaryMorphology.Dilate(core, g, r + 1, r + 1, 0, w.Threads);
        for (int i = 0; i < grown.Length; i++) grown[i] &= solid[i];
        // grown lies inside the hole-filled mask and holds the filled lungs whole, so it needs no second fill.
        var filled = ConnectedComponents.Largest3D(grown, g);
        var tissue = new byte[filled.Length];
        for (int i = 0; i < tissue.Length; i++) tissue[i] = (byte)(filled[i] & dense[i]);
        return (tissue, filled);
    }
}
