using System.Diagnostics;
using System.Security.Cryptography;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Tests;

namespace ChestScreener.Dicom.Tests;

/// <summary>Helpers to compare our volumes with dcm2niix's and with each other.</summary>
internal static class VolumeComparison
{
    /// <summary>Runs dcm2niix on a folder (skips the test when it is not installed) and reads its single NIfTI output.</summary>
    public static NiftiImage RunDcm2Niix(string folder, TempFolder output)
    {
        var exe = new[] { "/usr/bin/dcm2niix", "/usr/local/bin/dcm2niix" }.FirstOrDefault(File.Exists);
        Skip.If(exe is null, "dcm2niix is not installed (scripts/setup.sh --test installs it)");
        var psi = new ProcessStartInfo(exe!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-z", "n", "-b", "n", "-o", output.Path, "-f", "ref", folder }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        var files = Directory.GetFiles(output.Path, "*.nii");
        Assert.Single(files);
        return NiftiReader.Read(files[0]);
    }

    /// <summary>
    /// Maps our voxel indices onto the reference grid (which may flip or permute axes) and returns the integer index
    /// transform ref = A * ours + b; fails when the grids do not line up voxel for voxel.
    /// </summary>
    public static (int[] A, int[] B) IndexMap(VolumeGeometry ours, VolumeGeometry reference)
    {
        var a = new int[9];
        var b = new int[3];
        var r0 = reference.LpsToIndex(ours.IndexToLps(0, 0, 0));
        for (int d = 0; d < 3; d++)
        {
            b[d] = (int)Math.Round(r0[d]);
            Assert.True(Math.Abs(r0[d] - b[d]) < 1e-3, $"voxel (0,0,0) falls between reference voxels on axis {d}: {r0}");
        }
        for (int axis = 0; axis < 3; axis++)
        {
            var unit = reference.LpsToIndex(ours.IndexToLps(axis == 0 ? 1 : 0, axis == 1 ? 1 : 0, axis == 2 ? 1 : 0)) - r0;
            for (int d = 0; d < 3; d++)
            {
                a[d * 3 + axis] = (int)Math.Round(unit[d]);
                Assert.True(Math.Abs(unit[d] - a[d * 3 + axis]) < 1e-3, $"axis {axis} is not a whole-voxel step of the reference grid: {unit}");
            }
        }
        return (a, b);
    }

    /// <summary>Largest distance (mm) between the LPS positions our grid and the reference give to the same voxel, over the 8 corners.</summary>
    public static double CornerError(VolumeGeometry ours, VolumeGeometry reference, (int[] A, int[] B) map)
    {
        double worst = 0;
        foreach (var x in new[] { 0, ours.SizeX - 1 })
        foreach (var y in new[] { 0, ours.SizeY - 1 })
        foreach (var z in new[] { 0, ours.SizeZ - 1 })
        {
            var (rx, ry, rz) = Apply(map, x, y, z);
            worst = Math.Max(worst, (ours.IndexToLps(x, y, z) - reference.IndexToLps(rx, ry, rz)).Length);
        }
        return worst;
    }

    public static (int X, int Y, int Z) Apply((int[] A, int[] B) m, int x, int y, int z) =>
        (m.A[0] * x + m.A[1] * y + m.A[2] * z + m.B[0],
         m.A[3] * x + m.A[4] * y + m.A[5] * z + m.B[1],
         m.A[6] * x + m.A[7] * y + m.A[8] * z + m.B[2]);

    /// <summary>SHA-256 of the HU array and the geometry (sizes, spacing, origin, axes, printed to 1e-6 mm).</summary>
    public static string Hash(CtVolume v)
    {
        using var sha = SHA256.Create();
        var g = v.Geometry;
        var header = FormattableString.Invariant($"{g.SizeX},{g.SizeY},{g.SizeZ};{g.Spacing.X:F6},{g.Spacing.Y:F6},{g.Spacing.Z:F6};{g.Origin.X:F6},{g.Origin.Y:F6},{g.Origin.Z:F6};{g.AxisX};{g.AxisY};{g.AxisZ}");
        var bytes = System.Text.Encoding.ASCII.GetBytes(header);
        sha.TransformBlock(bytes, 0, bytes.Length, null, 0);
        var data = System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.Hu.Data.AsSpan()).ToArray();
        sha.TransformFinalBlock(data, 0, data.Length);
        return Convert.ToHexString(sha.Hash!);
    }
}
