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
        // Erode so that the table and straps come apart from the body, keep the largest piece, grow it back inside the
        // dense mask: the skin returns, the table does not (it was never within r of the eroded body).
        var core = ConnectedComponents.Largest3D(BinaryMorphology.Erode(dense, g, r, r, 0, w.Threads), g);
        var grown = BinaryMorphology.Dilate(core, g, r + 1, r + 1, 0, w.Threads);
        for (int i = 0; i < grown.Length; i++) grown[i] &= dense[i];
        var tissue = ConnectedComponents.Largest3D(grown, g);
        var filled = SliceFill.FillHoles(tissue, g, int.MaxValue, w.Threads);
        return (tissue, filled);
    }
}
