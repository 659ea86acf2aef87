namespace ChestScreener.Dicom;

/// <summary>Columns, rows and slices of the volume an input would become (see <see cref="StudyReader.MeasureVolume"/>).</summary>
public sealed record VolumeSize(int SizeX, int SizeY, int SizeZ)
{
    public long Voxels => (long)SizeX * SizeY * SizeZ;
}
