using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Imaging;

/// <summary>A dense voxel grid: flat array in (x fastest, then y, then z) order plus its patient-space geometry.</summary>
public sealed class Volume<T> where T : unmanaged
{
    public Volume(VolumeGeometry geometry, T[]? data = null)
    {
        Geometry = geometry;
        if (geometry.VoxelCount > Array.MaxLength) throw new ScreenerException(RejectionCode.TooLarge, $"volume of {geometry.SizeX}x{geometry.SizeY}x{geometry.SizeZ} voxels is too large");
        Data = data ?? new T[geometry.VoxelCount];
        if (Data.LongLength != geometry.VoxelCount) throw new ArgumentException($"data has {Data.LongLength} voxels, geometry needs {geometry.VoxelCount}");
    }

    public VolumeGeometry Geometry { get; }
    public T[] Data { get; }
    public int SizeX => Geometry.SizeX;
    public int SizeY => Geometry.SizeY;
    public int SizeZ => Geometry.SizeZ;
    public int SliceLength => Geometry.SizeX * Geometry.SizeY;

    public ref T this[int x, int y, int z] => ref Data[Geometry.Index(x, y, z)];

    public Span<T> Slice(int z) => Data.AsSpan(z * SliceLength, SliceLength);

    /// <summary>An empty volume of another voxel type on the same grid (masks, scores, labels).</summary>
    public Volume<TOther> Like<TOther>() where TOther : unmanaged => new(Geometry);
}
