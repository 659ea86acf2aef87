namespace ChestScreener.Imaging.Components;

/// <summary>Which neighbours join two foreground voxels into one component.</summary>
public enum Connectivity
{
    /// <summary>Face neighbours only (6).</summary>
    Faces6 = 6,
    /// <summary>Faces, edges and corners (26).</summary>
    Full26 = 26,
}
