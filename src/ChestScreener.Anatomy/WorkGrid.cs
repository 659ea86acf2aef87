using ChestScreener.Imaging;
using ChestScreener.Imaging.Filters;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Anatomy;

/// <summary>The reduced grid the masks are computed on, with its block factors and patient-axis helpers.</summary>
internal sealed class WorkGrid
{
    public WorkGrid(CtVolume ct, AnatomyOptions o, int threads)
    {
        var s = ct.Geometry.Spacing;
        Fx = Factor(s.X, o.WorkSpacingMm);
        Fy = Factor(s.Y, o.WorkSpacingMm);
        Fz = Factor(s.Z, o.WorkSliceMm);
        Threads = threads;
        Hu = Fx * Fy * Fz == 1 ? ct.Hu : Downsample.BlockMean(ct.Hu, Fx, Fy, Fz, threads);
        Geometry = Hu.Geometry;
        G = Grid3.Of(Hu);
        VoxelMl = Geometry.VoxelVolumeMm3 / 1000.0;
        PixelMm2 = Geometry.Spacing.X * Geometry.Spacing.Y * Math.Abs(Geometry.AxisX.Cross(Geometry.AxisY).Length);
        // Head-foot (LPS z) position is linear in the index: z = Z0 + i*Dzx + j*Dzy + k*Dzz.
        var gm = Geometry;
        Z0 = gm.Origin.Z; Dzx = gm.AxisX.Z * gm.Spacing.X; Dzy = gm.AxisY.Z * gm.Spacing.Y; Dzz = gm.AxisZ.Z * gm.Spacing.Z;
        X0 = gm.Origin.X; Dxx = gm.AxisX.X * gm.Spacing.X; Dxy = gm.AxisY.X * gm.Spacing.Y; Dxz = gm.AxisZ.X * gm.Spacing.Z;
        Y0 = gm.Origin.Y; Dyx = gm.AxisX.Y * gm.Spacing.X; Dyy = gm.AxisY.Y * gm.Spacing.Y; Dyz = gm.AxisZ.Y * gm.Spacing.Z;
    }

    public int Fx { get; }
    public int Fy { get; }
    public int Fz { get; }
    public int Threads { get; }
    public Volume<short> Hu { get; }
    public VolumeGeometry Geometry { get; }
    public Grid3 G { get; }
    public double VoxelMl { get; }
    public double PixelMm2 { get; }
    public double Z0 { get; }
    public double Dzx { get; }
    public double Dzy { get; }
    public double Dzz { get; }
    public double X0 { get; }
    public double Dxx { get; }
    public double Dxy { get; }
    public double Dxz { get; }
    public double Y0 { get; }
    public double Dyx { get; }
    public double Dyy { get; }
    public double Dyz { get; }

    /// <summary>True when a larger slice index is more superior (towards the head).</summary>
    public bool SuperiorIsUp => Dzz >= 0;

    /// <summary>Slice index of the most superior slice, and the step that goes inferior from it.</summary>
    public int TopSlice => SuperiorIsUp ? G.Z - 1 : 0;
    public int DownStep => SuperiorIsUp ? -1 : 1;

    public double SliceMm => Math.Abs(Dzz);
    public ParallelOptions Parallel => Grid3.Parallelism(Threads);

    /// <summary>Radius in voxels along in-plane axes for a distance in mm (at least 1).</summary>
    public int InPlane(double mm) => Math.Max(1, (int)Math.Round(mm / Math.Min(Geometry.Spacing.X, Geometry.Spacing.Y)));

    public int Through(double mm) => Math.Max(0, (int)Math.Round(mm / Geometry.Spacing.Z));

    public double LpsX(int i, int j, int k) => X0 + i * Dxx + j * Dxy + k * Dxz;

    public double LpsY(int i, int j, int k) => Y0 + i * Dyx + j * Dyy + k * Dyz;

    public double LpsZ(int i, int j, int k) => Z0 + i * Dzx + j * Dzy + k * Dzz;

    private static int Factor(double spacing, double target) => Math.Clamp((int)Math.Round(target / spacing), 1, 4);
}
