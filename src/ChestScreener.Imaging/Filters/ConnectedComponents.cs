using ChestScreener.Imaging.Components;

namespace ChestScreener.Imaging.Filters;

/// <summary>6-connected components of 0/1 masks with their sizes (raster union-find of <see cref="ComponentLabeler"/>).</summary>
public static class ConnectedComponents
{
    /// <summary>6-connected components of the voxels where mask != 0.</summary>
    public static ComponentLabels Label3D(byte[] mask, Grid3 g)
    {
        var labels = new int[mask.Length];
        int n = ComponentLabeler.Label(mask, g.X, g.Y, g.Z, labels, Connectivity.Faces6);
        var sizes = new long[n + 1];
        foreach (int l in labels) sizes[l]++;
        sizes[0] = 0;
        return new ComponentLabels(labels, sizes);
    }

    /// <summary>Mask of the largest 6-connected component (all zero when the mask is empty).</summary>
    public static byte[] Largest3D(byte[] mask, Grid3 g)
    {
        var c = Label3D(mask, g);
        return c.Count == 0 ? new byte[mask.Length] : c.Mask(c.BySize()[0]);
    }
}
