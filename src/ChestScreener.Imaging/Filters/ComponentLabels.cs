namespace ChestScreener.Imaging.Filters;

/// <summary>Result of connected-component labelling: label per voxel (0 = background, 1..Count) and voxel counts.</summary>
public sealed class ComponentLabels
{
    public ComponentLabels(int[] labels, long[] sizes)
    {
        Labels = labels;
        Sizes = sizes;
    }

    /// <summary>Component id per voxel; 0 where the mask was 0.</summary>
    public int[] Labels { get; }
    /// <summary>Voxel count per id; index 0 unused.</summary>
    public long[] Sizes { get; }
    public int Count => Sizes.Length - 1;

    /// <summary>Component ids sorted by size, largest first.</summary>
    public int[] BySize()
    {
        var ids = new int[Count];
        for (int i = 0; i < ids.Length; i++) ids[i] = i + 1;
        var sizes = Sizes;
        Array.Sort(ids, (a, b) => sizes[b].CompareTo(sizes[a]));
        return ids;
    }

    /// <summary>A 0/1 mask of the given component ids.</summary>
    public byte[] Mask(params int[] ids)
    {
        var keep = new bool[Sizes.Length];
        foreach (var id in ids) keep[id] = true;
        var m = new byte[Labels.Length];
        var l = Labels;
        for (int i = 0; i < l.Length; i++) m[i] = keep[l[i]] && l[i] != 0 ? (byte)1 : (byte)0;
        return m;
    }
}
