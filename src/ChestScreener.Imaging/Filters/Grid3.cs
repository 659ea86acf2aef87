namespace ChestScreener.Imaging.Filters;

/// <summary>Dimensions of a flat x-fastest voxel array, passed to the filters so that they work on plain arrays.</summary>
public readonly record struct Grid3(int X, int Y, int Z)
{
    public int Slice => X * Y;
    public long Count => (long)X * Y * Z;

    public static Grid3 Of<T>(Volume<T> v) where T : unmanaged => new(v.SizeX, v.SizeY, v.SizeZ);

    public int Index(int x, int y, int z) => x + X * (y + Y * z);

    /// <summary>Parallel options for a thread count where 0 or less means "all cores".</summary>
    public static ParallelOptions Parallelism(int threads) => ChestScreener.Parallelism.Options(threads);
}
