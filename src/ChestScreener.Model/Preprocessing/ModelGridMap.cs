using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Model.Preprocessing;

/// <summary>
/// Where the model grid sits in the CT's index space: model axis a runs along CT axis <see cref="CtAxis"/>[a] with a
/// signed step of <see cref="CtStep"/>[a] CT voxels, from <see cref="Offset"/> (the CT index of model voxel 0,0,0).
/// The model grid is always laid out in the model's patient orientation (PreprocessingConfig.Orientation) whatever
/// the order the scanner or a converter stored the voxels in: a network is not invariant to flips, so a DICOM series
/// (rows running posterior) and its dcm2niix NIfTI (rows running anterior) must reach it the same way up.
/// </summary>
public sealed record ModelGridMap
{
    public required int[] CtAxis { get; init; }
    public required double[] CtStep { get; init; }
    public required Vec3 Offset { get; init; }

    /// <summary>CT index (fractional) of a model-grid index.</summary>
    public Vec3 ToCtIndex(double i, double j, double k)
    {
        Span<double> ct = [Offset.X, Offset.Y, Offset.Z];
        ct[CtAxis[0]] += i * CtStep[0];
        ct[CtAxis[1]] += j * CtStep[1];
        ct[CtAxis[2]] += k * CtStep[2];
        return new Vec3(ct[0], ct[1], ct[2]);
    }

    /// <summary>Model-grid index (fractional) of a CT index.</summary>
    public Vec3 FromCtIndex(double x, double y, double z)
    {
        Span<double> ct = [x - Offset.X, y - Offset.Y, z - Offset.Z];
        return new Vec3(ct[CtAxis[0]] / CtStep[0], ct[CtAxis[1]] / CtStep[1], ct[CtAxis[2]] / CtStep[2]);
    }

    /// <summary>The same map with its origin moved to model index (i0, j0, k0): the crop to the body box.</summary>
    public ModelGridMap Shift(int i0, int j0, int k0) => this with { Offset = ToCtIndex(i0, j0, k0) };

    /// <summary>
    /// The full-extent map of a CT onto an isotropic grid of <paramref name="spacingMm"/> laid out in
    /// <paramref name="orientation"/> (three letters, the patient direction each model axis points to, e.g. "LAS":
    /// x to the patient's left, y anterior, z superior). Each model axis takes the CT axis closest to its direction.
    /// </summary>
    public static ModelGridMap Plan(VolumeGeometry ct, string orientation, double spacingMm, out int[] size)
    {
        var target = ParseOrientation(orientation);
        Vec3[] axes = [ct.AxisX, ct.AxisY, ct.AxisZ];
        double[] spacing = [ct.Spacing.X, ct.Spacing.Y, ct.Spacing.Z];
        int[] sizes = [ct.SizeX, ct.SizeY, ct.SizeZ];
        var ctAxis = new int[3];
        var step = new double[3];
        size = new int[3];
        var used = new bool[3];
        double[] start = [0, 0, 0];
        // Most decided model axis first, so an oblique series cannot hand two model axes the same CT axis.
        var order = Enumerable.Range(0, 3).OrderByDescending(a => axes.Max(v => Math.Abs(v.Dot(target[a])))).ToArray();
        foreach (int a in order)
        {
            int c = Enumerable.Range(0, 3).Where(k => !used[k]).MaxBy(k => Math.Abs(axes[k].Dot(target[a])));
            used[c] = true;
            double sign = axes[c].Dot(target[a]) >= 0 ? 1 : -1;
            double stride = spacingMm / spacing[c];
            ctAxis[a] = c;
            step[a] = sign * stride;
            size[a] = Math.Max(1, (int)Math.Floor((sizes[c] - 1) / stride) + 1);
            if (sign < 0) start[c] = sizes[c] - 1;
        }
        return new ModelGridMap { CtAxis = ctAxis, CtStep = step, Offset = new Vec3(start[0], start[1], start[2]) };
    }

    private static Vec3[] ParseOrientation(string orientation)
    {
        if (orientation is not { Length: 3 }) throw new ArgumentException($"orientation '{orientation}' is not three letters such as LAS or LPS");
        var result = new Vec3[3];
        for (int a = 0; a < 3; a++)
        {
            result[a] = char.ToUpperInvariant(orientation[a]) switch
            {
                'L' => new Vec3(1, 0, 0), 'R' => new Vec3(-1, 0, 0),
                'P' => new Vec3(0, 1, 0), 'A' => new Vec3(0, -1, 0),
                'S' => new Vec3(0, 0, 1), 'I' => new Vec3(0, 0, -1),
                _ => throw new ArgumentException($"orientation '{orientation}': '{orientation[a]}' is not one of L R P A S I"),
            };
        }
        for (int a = 0; a < 3; a++)
            for (int b = a + 1; b < 3; b++)
                if (Math.Abs(result[a].Dot(result[b])) > 0.5) throw new ArgumentException($"orientation '{orientation}' names one patient axis twice");
        return result;
    }
}
