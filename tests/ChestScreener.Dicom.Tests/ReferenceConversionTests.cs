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
        var rg = reference.Geometry;
        var refData = reference.Values.Data;
        var ourData = ours.Hu.Data;
        // The map is a signed permutation, so one step in x is a constant step in the reference's flat array.
        long stepX = map.A[0] + (long)rg.SizeX * (map.A[3] + (long)rg.SizeY * map.A[6]);
        long compared = 0, padded = 0;
        for (int z = 0; z < g.SizeZ; z++)
        for (int y = 0; y < g.SizeY; y++)
        {
            var (rx, ry, rz) = VolumeComparison.Apply(map, 0, y, z);
            long r = rg.Index(rx, ry, rz);
            long o = g.Index(0, y, z);
            for (int x = 0; x < g.SizeX; x++, r += stepX, o++)
            {
                float expected = refData[r];
                short actual = ourData[o];
                if (expected < -1500)
                {
                    if (actual != CtVolume.AirHu) Assert.Fail($"padding voxel ({x},{y},{z}) is {actual} HU, not air");
                    padded++;
                }
                else if (actual != expected)
                {
                    Assert.Fail($"voxel ({x},{y},{z}): ours {actual} HU, dcm2niix {expected} HU");
                }
                else
                {
                    compared++;
                }
            }
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
