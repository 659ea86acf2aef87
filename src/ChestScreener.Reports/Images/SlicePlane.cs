namespace ChestScreener.Reports.Images;

/// <summary>Which plane of the CT grid a picture shows.</summary>
public enum SlicePlane
{
    /// <summary>A z-slice (sorted slice index); rows run along y, columns along x.</summary>
    Axial,
    /// <summary>A y-row plane; image rows run along z (head at the top), columns along x.</summary>
    Coronal,
    /// <summary>An x-column plane; image rows run along z (head at the top), columns along y.</summary>
    Sagittal,
}
