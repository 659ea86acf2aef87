using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Model.Preprocessing;

/// <summary>
/// A CT on the model grid (same axes as the CT, isotropic model spacing, cropped to the body): the network input
/// channels, the body mask, and where the grid sits inside the CT's index space.
/// </summary>
public sealed class PreprocessedVolume
{
    public required VolumeGeometry Geometry { get; init; }
    /// <summary>HU clipped to the window and scaled to [0,1].</summary>
    public required float[] Intensity { get; init; }
    /// <summary>Per-slice CLAHE of <see cref="Intensity"/>, in [0,1].</summary>
    public required float[] Contrast { get; init; }
    public required byte[] Body { get; init; }
    /// <summary>Model-grid voxel (i,j,k) sits at CT index (Offset + i*Step.X, ...).</summary>
    public required Vec3 Offset { get; init; }
    public required Vec3 Step { get; init; }
    /// <summary>Inclusive body bounding box on this grid (min x,y,z, max x,y,z), the frame of the position features.</summary>
    public required int[] BodyBox { get; init; }

    public int SizeX => Geometry.SizeX;
    public int SizeY => Geometry.SizeY;
    public int SizeZ => Geometry.SizeZ;
    public int Count => SizeX * SizeY * SizeZ;

    /// <summary>Model-grid fractional index of a CT index.</summary>
    public Vec3 FromCtIndex(double x, double y, double z) => new((x - Offset.X) / Step.X, (y - Offset.Y) / Step.Y, (z - Offset.Z) / Step.Z);

    /// <summary>Position features: the voxel's place in the body box, each axis mapped to [0,1].</summary>
    public void Position(int x, int y, int z, Span<float> dst)
    {
        dst[0] = (float)((x - BodyBox[0]) / (double)Math.Max(1, BodyBox[3] - BodyBox[0]));
        dst[1] = (float)((y - BodyBox[1]) / (double)Math.Max(1, BodyBox[4] - BodyBox[1]));
        dst[2] = (float)((z - BodyBox[2]) / (double)Math.Max(1, BodyBox[5] - BodyBox[2]));
    }

    public Volume<float> IntensityVolume() => new(Geometry, Intensity);
}
