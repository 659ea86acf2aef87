using ChestScreener.Imaging.Geometry;
using ChestScreener.Results;

namespace ChestScreener.Pipeline.Findings;

/// <summary>Converts inclusive voxel-index boxes to LPS boxes of the outer voxel edges, whatever the grid's direction.</summary>
public static class VoxelBox
{
    public const string Order = "column,row,slice";

    /// <summary>
    /// The axis-aligned LPS box that holds the whole voxel box: the min/max over its 8 outer corners (index +-0.5),
    /// so a tilted or flipped grid still gives a box that contains every voxel of the finding.
    /// </summary>
    public static BoxMm ToLps(VolumeGeometry g, int[] min, int[] max)
    {
        var lo = new[] { double.MaxValue, double.MaxValue, double.MaxValue };
        var hi = new[] { double.MinValue, double.MinValue, double.MinValue };
        for (int corner = 0; corner < 8; corner++)
        {
            double x = (corner & 1) == 0 ? min[0] - 0.5 : max[0] + 0.5;
            double y = (corner & 2) == 0 ? min[1] - 0.5 : max[1] + 0.5;
            double z = (corner & 4) == 0 ? min[2] - 0.5 : max[2] + 0.5;
            var p = g.IndexToLps(x, y, z);
            for (int a = 0; a < 3; a++)
            {
                lo[a] = Math.Min(lo[a], p[a]);
                hi[a] = Math.Max(hi[a], p[a]);
            }
        }
        return new BoxMm(Round(lo), Round(hi));
    }

    public static BoxVoxel ToVoxel(int[] min, int[] max) => new(Order, min, max);

    internal static double[] Round(double[] v, int digits = 2) => [Math.Round(v[0], digits), Math.Round(v[1], digits), Math.Round(v[2], digits)];
}
