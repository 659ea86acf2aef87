namespace ChestScreener.Imaging.Geometry;

/// <summary>
/// Where a voxel grid sits in DICOM patient space (LPS, mm). Index order is (x = column, y = row, z = sorted slice);
/// <see cref="AxisX"/> is the unit direction in which the column index grows (the first triplet of
/// ImageOrientationPatient), <see cref="AxisY"/> the row direction, <see cref="AxisZ"/> the slice step direction.
/// The axes need not be orthogonal (gantry tilt), which is why index/LPS conversions use a full 3x3 inverse.
/// </summary>
public sealed record VolumeGeometry
{
    public VolumeGeometry(int sizeX, int sizeY, int sizeZ, Vec3 spacing, Vec3 origin, Vec3 axisX, Vec3 axisY, Vec3 axisZ)
    {
        if (sizeX <= 0 || sizeY <= 0 || sizeZ <= 0) throw new ArgumentOutOfRangeException(nameof(sizeX), $"volume size must be positive, got {sizeX}x{sizeY}x{sizeZ}");
        if (!(spacing.X > 0 && spacing.Y > 0 && spacing.Z > 0)) throw new ArgumentOutOfRangeException(nameof(spacing), $"spacing must be positive, got {spacing}");
        SizeX = sizeX; SizeY = sizeY; SizeZ = sizeZ;
        Spacing = spacing; Origin = origin;
        AxisX = axisX.Normalized(); AxisY = axisY.Normalized(); AxisZ = axisZ.Normalized();
        _inverse = Invert(IndexToLpsMatrix());
    }

    private readonly double[] _inverse;

    public int SizeX { get; }
    public int SizeY { get; }
    public int SizeZ { get; }
    public long VoxelCount => (long)SizeX * SizeY * SizeZ;
    public Vec3 Spacing { get; }
    /// <summary>LPS position of the centre of voxel (0,0,0).</summary>
    public Vec3 Origin { get; }
    public Vec3 AxisX { get; }
    public Vec3 AxisY { get; }
    public Vec3 AxisZ { get; }
    public double VoxelVolumeMm3 => Spacing.X * Spacing.Y * Spacing.Z * Math.Abs(AxisX.Cross(AxisY).Dot(AxisZ));

    /// <summary>Axis-aligned identity geometry (LPS axes), handy for synthetic volumes.</summary>
    public static VolumeGeometry Axial(int sizeX, int sizeY, int sizeZ, Vec3 spacing, Vec3? origin = null) =>
        new(sizeX, sizeY, sizeZ, spacing, origin ?? default, new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));

    public long Index(int x, int y, int z) => x + (long)SizeX * (y + (long)SizeY * z);

    public bool Contains(int x, int y, int z) => (uint)x < (uint)SizeX && (uint)y < (uint)SizeY && (uint)z < (uint)SizeZ;

    /// <summary>LPS position (mm) of a (possibly fractional) voxel index.</summary>
    public Vec3 IndexToLps(double x, double y, double z) =>
        Origin + AxisX * (x * Spacing.X) + AxisY * (y * Spacing.Y) + AxisZ * (z * Spacing.Z);

    /// <summary>Fractional voxel index of an LPS position.</summary>
    public Vec3 LpsToIndex(Vec3 p)
    {
        var d = p - Origin;
        var m = _inverse;
        return new Vec3(
            m[0] * d.X + m[1] * d.Y + m[2] * d.Z,
            m[3] * d.X + m[4] * d.Y + m[5] * d.Z,
            m[6] * d.X + m[7] * d.Y + m[8] * d.Z);
    }

    /// <summary>Row-major 3x3 matrix M with LPS = Origin + M * index.</summary>
    public double[] IndexToLpsMatrix() =>
    [
        AxisX.X * Spacing.X, AxisY.X * Spacing.Y, AxisZ.X * Spacing.Z,
        AxisX.Y * Spacing.X, AxisY.Y * Spacing.Y, AxisZ.Y * Spacing.Z,
        AxisX.Z * Spacing.X, AxisY.Z * Spacing.Y, AxisZ.Z * Spacing.Z,
    ];

    /// <summary>Row-major 4x4 NIfTI (RAS) affine: LPS flipped on the first two axes.</summary>
    public double[] ToRasAffine()
    {
        var m = IndexToLpsMatrix();
        return
        [
            -m[0], -m[1], -m[2], -Origin.X,
            -m[3], -m[4], -m[5], -Origin.Y,
             m[6],  m[7],  m[8],  Origin.Z,
             0, 0, 0, 1,
        ];
    }

    /// <summary>Builds a geometry from a row-major RAS affine (first 12 values used).</summary>
    public static VolumeGeometry FromRasAffine(int sizeX, int sizeY, int sizeZ, ReadOnlySpan<double> ras)
    {
        var cx = new Vec3(-ras[0], -ras[4], ras[8]);
        var cy = new Vec3(-ras[1], -ras[5], ras[9]);
        var cz = new Vec3(-ras[2], -ras[6], ras[10]);
        var origin = new Vec3(-ras[3], -ras[7], ras[11]);
        return new VolumeGeometry(sizeX, sizeY, sizeZ, new Vec3(cx.Length, cy.Length, cz.Length), origin, cx, cy, cz);
    }

    /// <summary>Same grid with another size/origin, e.g. a crop: (x0,y0,z0) becomes the new first voxel.</summary>
    public VolumeGeometry Crop(int x0, int y0, int z0, int sizeX, int sizeY, int sizeZ) =>
        new(sizeX, sizeY, sizeZ, Spacing, IndexToLps(x0, y0, z0), AxisX, AxisY, AxisZ);

    public bool IsOrthogonal(double tolerance = 1e-4) =>
        Math.Abs(AxisX.Dot(AxisY)) < tolerance && Math.Abs(AxisX.Dot(AxisZ)) < tolerance && Math.Abs(AxisY.Dot(AxisZ)) < tolerance;

    private static double[] Invert(double[] m)
    {
        double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
        if (Math.Abs(det) < 1e-12) throw new ArgumentException("singular voxel-to-patient matrix (axes are parallel or zero)");
        double inv = 1.0 / det;
        return
        [
            (m[4] * m[8] - m[5] * m[7]) * inv, (m[2] * m[7] - m[1] * m[8]) * inv, (m[1] * m[5] - m[2] * m[4]) * inv,
            (m[5] * m[6] - m[3] * m[8]) * inv, (m[0] * m[8] - m[2] * m[6]) * inv, (m[2] * m[3] - m[0] * m[5]) * inv,
            (m[3] * m[7] - m[4] * m[6]) * inv, (m[1] * m[6] - m[0] * m[7]) * inv, (m[0] * m[4] - m[1] * m[3]) * inv,
        ];
    }
}
