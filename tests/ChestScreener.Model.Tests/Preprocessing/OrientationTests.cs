using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Model.Preprocessing;

namespace ChestScreener.Model.Tests.Preprocessing;

/// <summary>The model grid is laid out in the model's patient orientation whatever order the CT's voxels were stored in.</summary>
public class OrientationTests
{
    // 41 x 41 x 21 voxels of 1 mm: (size - 1) is a whole number of 2 mm model steps, so a stored flip lands the model
    // samples on exactly mirrored positions and the two preprocessings must agree to rounding.
    private const int Nx = 41, Ny = 41, Nz = 21;

    // An asymmetric phantom in patient space: an elliptic body with a dense block on the patient's left-anterior side.
    private static short PatientHu(Vec3 lps)
    {
        double u = lps.X / 16, v = lps.Y / 13;
        if (u * u + v * v > 1) return -1000;
        if (lps.X > 4 && lps.X < 12 && lps.Y < -2 && lps.Y > -9 && lps.Z > 6) return 300;
        return (short)(lps.Y < 0 ? 40 : -850); // lung-like air posteriorly, soft tissue anteriorly
    }

    private static CtVolume Stored(Vec3 axisX, Vec3 axisY, Vec3 axisZ)
    {
        // Centre the volume on the patient origin whichever way the axes run.
        var origin = -(axisX * ((Nx - 1) / 2.0) + axisY * ((Ny - 1) / 2.0) + axisZ * ((Nz - 1) / 2.0));
        var g = new VolumeGeometry(Nx, Ny, Nz, new Vec3(1, 1, 1), origin, axisX, axisY, axisZ);
        var hu = new Volume<short>(g);
        for (int z = 0; z < Nz; z++)
            for (int y = 0; y < Ny; y++)
                for (int x = 0; x < Nx; x++)
                    hu.Data[g.Index(x, y, z)] = PatientHu(g.IndexToLps(x, y, z));
        return new CtVolume(hu, new ScanInfo { Modality = "CT" });
    }

    [Theory]
    [InlineData("LPS")]
    [InlineData("LAS")]
    public void Dicom_and_nifti_storage_of_one_patient_give_the_same_model_grid(string orientation)
    {
        var cfg = new PreprocessingConfig { SpacingMm = 2, Orientation = orientation, BodyMarginMm = 2 };
        var dicomOrder = Preprocessor.Run(Stored(new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1)), cfg);
        var niftiOrder = Preprocessor.Run(Stored(new Vec3(1, 0, 0), new Vec3(0, -1, 0), new Vec3(0, 0, 1)), cfg);
        var transposed = Preprocessor.Run(Stored(new Vec3(0, 1, 0), new Vec3(1, 0, 0), new Vec3(0, 0, -1)), cfg);
        foreach (var other in new[] { niftiOrder, transposed })
        {
            Assert.Equal((dicomOrder.SizeX, dicomOrder.SizeY, dicomOrder.SizeZ), (other.SizeX, other.SizeY, other.SizeZ));
            Assert.Equal(dicomOrder.Geometry.AxisY, other.Geometry.AxisY);
            Assert.True((dicomOrder.Geometry.Origin - other.Geometry.Origin).Length < 1e-6);
            for (int i = 0; i < dicomOrder.Count; i++) Assert.Equal(dicomOrder.Intensity[i], other.Intensity[i], 4);
            Assert.Equal(dicomOrder.Body, other.Body);
        }
        // The y axis points where the orientation says: anterior for LAS, posterior for LPS.
        Assert.Equal(orientation == "LAS" ? -1 : 1, dicomOrder.Geometry.AxisY.Y);
        // Model voxel -> CT index -> model voxel is the identity, and lands on the same patient point.
        var ct = Stored(new Vec3(1, 0, 0), new Vec3(0, -1, 0), new Vec3(0, 0, 1));
        var pv = Preprocessor.Run(ct, cfg);
        var c = pv.Map.ToCtIndex(3, 5, 2);
        var back = pv.FromCtIndex(c.X, c.Y, c.Z);
        Assert.True((back - new Vec3(3, 5, 2)).Length < 1e-9);
        Assert.True((ct.Geometry.IndexToLps(c.X, c.Y, c.Z) - pv.Geometry.IndexToLps(3, 5, 2)).Length < 1e-6);
    }

    [Fact]
    public void Orientation_must_name_three_different_patient_axes()
    {
        var ct = Stored(new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));
        Assert.Throws<ArgumentException>(() => Preprocessor.Run(ct, new PreprocessingConfig { Orientation = "LLS" }));
        Assert.Throws<ArgumentException>(() => Preprocessor.Run(ct, new PreprocessingConfig { Orientation = "LQS" }));
    }
}
