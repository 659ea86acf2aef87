using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Model.Preprocessing;

/// <summary>
/// A CT on the model grid (isotropic model spacing, the model's patient orientation, cropped to the body): the network
/// input channels, the body mask, and where the grid sits inside the CT's index space.
/// </summary>
public sealed class PreprocessedVolume
{
    public required VolumeGeometry Geometry { get; init; }
    /// <summary>HU clipped to the window and scaled to [0,1].</summary>
    public required float[] Intensity { get; init; }
    /// <summary>Per-slice CLAHE of <see cref="Intensity"/>, in [0,1].</summary>
    public required float[] Contrast { get; init; }
    public required byte[] Body { get; init; }
    /// <summary>Where model-grid voxels sit in the CT's index space.</summary>
    public required ModelGridMap Map { get; init; }
    /// <summary>Inclusive body bounding box on this grid (min x,y,z, max x,y,z), the frame of the position features.</summary>
    public required int[] BodyBox { get; init; }

    public int SizeX => Geometry.SizeX;
    public int SizeY => Geometry.SizeY;
    public int SizeZ => Geometry.SizeZ;
    public int Count => SizeX * SizeY * SizeZ;

    /// <summary>Model-grid fractional index of a CT index.</summary>
    public Vec3 FromCtIndex(double x, double y, double z) => Map.FromCtIndex(x, y, z);

    /// <summary>Position features: the voxel's place in the body box, each axis mapped to [0,1].</summary>
    public void Position(int x, int y, int z, Span<float> dst)
    {
        dst[0] = (float)((x - BodyBox[0]) / (double)Math.Max(1, BodyBox[3] - BodyBox[0]));
        dst[1] = (float)((y - BodyBox[1]) / (double)Math.Max(1, BodyBox[4] - BodyBox[1]));
        dst[2] = (float)((z - BodyBox[2]) / (double)Math.Max(1, BodyBox[5] - BodyBox[2]));
    }

    public Volume<float> IntensityVolume() => new(Geometry, Intensity);

    /// <summary>
    /// A CT-grid mask on this grid, read at each model voxel's centre (nearest CT voxel) and limited to the body:
    /// the region the density model scores and smooths within.
    /// </summary>
    public byte[] SampleMask(Volume<byte> ctMask, int threads = 0)
    {
        var g = ctMask.Geometry;
        var result = new byte[Count];
        Parallel.For(0, SizeZ, Parallelism.Options(threads), z =>
        {
            for (int y = 0; y < SizeY; y++)
                for (int x = 0; x < SizeX; x++)
                {
                    var c = Map.ToCtIndex(x, y, z);
                    int cx = Math.Clamp((int)Math.Round(c.X), 0, g.SizeX - 1);
                    int cy = Math.Clamp((int)Math.Round(c.Y), 0, g.SizeY - 1);
                    int cz = Math.Clamp((int)Math.Round(c.Z), 0, g.SizeZ - 1);
                    int i = (z * SizeY + y) * SizeX + x;
                    result[i] = Body[i] != 0 && ctMask.Data[((long)cz * g.SizeY + cy) * g.SizeX + cx] != 0 ? (byte)1 : (byte)0;
                }
        });
        return result;
    }
}
