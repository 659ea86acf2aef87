namespace ChestScreener.Imaging.Nifti;

/// <summary>What a NIfTI-1 header says about its volume, read without the voxels (see <see cref="NiftiReader.ReadHeader"/>).</summary>
public sealed record NiftiHeader(int SizeX, int SizeY, int SizeZ, NiftiDataType StoredType)
{
    public long Voxels => (long)SizeX * SizeY * SizeZ;
}
