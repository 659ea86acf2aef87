using ChestScreener.Imaging;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Tests;

namespace ChestScreener.Dicom.Tests;

/// <summary>Our HU volume and affine against dcm2niix on the two real chest studies.</summary>
public class ReferenceConversionTests
{
    [SkippableTheory]
    [InlineData("chest/lidc-idri-0314", 275)]
    [InlineData("chest/popi-00", 141)]
    public void Volume_matches_dcm2niix_voxel_for_voxel_and_in_space(string study, int slices)
    {
        var folder = TestData.Require(study);
        using var temp = TestData.NewTempFolder();
        var reference = VolumeComparison.RunDcm2Niix(folder, temp);
        var ours = StudyReader.Read([folder]);

        Assert.Equal(slices, ours.Geometry.SizeZ);
        Assert.Equal(reference.Geometry.VoxelCount, ours.Geometry.VoxelCount);
        var map = VolumeComparison.IndexMap(ours.Geometry, reference.Geometry);
        Assert.True(VolumeComparison.CornerError(ours.Geometry, reference.Geometry, map) < 1e-3);

        // dcm2niix keeps every stored value; we map padding (< -1500 HU) to air. Compare exactly elsewhere and
        // check that the only differences are padding voxels that became -1024.
        var g = ours.Geometry;
        var refValues = reference.Values;
        long compared = 0, padded = 0;
        for (int z = 0; z < g.SizeZ; z++)
        for (int y = 0; y < g.SizeY; y++)
        for (int x = 0; x < g.SizeX; x++)
        {
            var (rx, ry, rz) = VolumeComparison.Apply(map, x, y, z);
            float expected = refValues[rx, ry, rz];
            short actual = ours.Hu[x, y, z];
            if (expected < -1500)
            {
                Assert.Equal(CtVolume.AirHu, actual);
                padded++;
                continue;
            }
            if (actual != expected) Assert.Fail($"voxel ({x},{y},{z}): ours {actual} HU, dcm2niix {expected} HU");
            compared++;
        }
        Assert.True(compared > g.VoxelCount / 2, $"only {compared} voxels outside padding");
    }

    [SkippableFact]
    public void Convert_writes_the_volume_with_its_affine()
    {
        var folder = TestData.Require("chest/popi-00");
        using var temp = TestData.NewTempFolder();
        var ours = StudyReader.Read([folder]);
        var path = temp.File("popi.nii.gz");
        NiftiWriter.Write(path, ours.Hu, "test");
        var back = NiftiReader.Read(path);
        Assert.Equal(ours.Geometry.VoxelCount, back.Geometry.VoxelCount);
        var map = VolumeComparison.IndexMap(ours.Geometry, back.Geometry);
        Assert.Equal([1, 0, 0, 0, 1, 0, 0, 0, 1], map.A);
        Assert.Equal([0, 0, 0], map.B);
        for (long i = 0; i < ours.Hu.Data.LongLength; i += 997) Assert.Equal(ours.Hu.Data[i], back.Values.Data[i]);
    }
}
