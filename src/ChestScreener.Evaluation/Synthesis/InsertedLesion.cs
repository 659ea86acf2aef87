using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// The ground truth of one inserted lesion: a 0/1 mask on the slab grid that holds every voxel whose HU was changed
/// (no voxel outside it was touched), its volume, voxel box and LPS box, and a one-line description.
/// </summary>
public sealed record InsertedLesion
{
    public required Volume<byte> Mask { get; init; }
    public required long Voxels { get; init; }
    public required double VolumeMm3 { get; init; }
    public required int[] BoxMin { get; init; }
    public required int[] BoxMax { get; init; }
    public required Vec3 BoxMinLps { get; init; }
    public required Vec3 BoxMaxLps { get; init; }
    public required Vec3 CenterLps { get; init; }
    public required string Description { get; init; }
}
