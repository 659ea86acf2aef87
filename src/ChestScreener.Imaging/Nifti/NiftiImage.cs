using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Imaging.Nifti;

/// <summary>A NIfTI-1 image read into memory: voxel values as float (scl_slope/inter applied) plus its geometry.</summary>
public sealed class NiftiImage
{
    public NiftiImage(Volume<float> values, NiftiDataType storedType, string description)
    {
        Values = values;
        StoredType = storedType;
        Description = description;
    }

    public Volume<float> Values { get; }
    public NiftiDataType StoredType { get; }
    public string Description { get; }
    public VolumeGeometry Geometry => Values.Geometry;
}
