using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Tests;

namespace ChestScreener.Imaging.Tests.Nifti;

public class NiftiRoundTripTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Int16VolumeRoundTripsValuesAndObliqueAffine(bool gzip)
    {
        using var tmp = TestData.NewTempFolder();
        // An oblique, orthonormal frame: 20 degrees about LPS z then 10 about x, flipped slice axis.
        double a = 20 * Math.PI / 180, b = 10 * Math.PI / 180;
        var ax = new Vec3(Math.Cos(a), Math.Sin(a), 0);
        var ay = new Vec3(-Math.Sin(a) * Math.Cos(b), Math.Cos(a) * Math.Cos(b), Math.Sin(b));
        var az = -ax.Cross(ay);
        var g = new VolumeGeometry(7, 5, 4, new Vec3(0.7, 0.8, 2.5), new Vec3(-120.5, 33.25, -480), ax, ay, az);
        var v = new Volume<short>(g);
        for (int i = 0; i < v.Data.Length; i++) v.Data[i] = (short)(i * 37 - 1024);
        var path = tmp.File(gzip ? "v.nii.gz" : "v.nii");

        NiftiWriter.Write(path, v);
        var read = NiftiReader.Read(path);

        Assert.Equal(NiftiDataType.Int16, read.StoredType);
        for (int i = 0; i < v.Data.Length; i++) Assert.Equal(v.Data[i], read.Values.Data[i]);
        foreach (var (x, y, z) in new[] { (0, 0, 0), (6, 4, 3), (3, 1, 2) })
        {
            var p0 = g.IndexToLps(x, y, z);
            var p1 = read.Geometry.IndexToLps(x, y, z);
            Assert.True((p0 - p1).Length < 1e-3, $"voxel ({x},{y},{z}) moved from {p0} to {p1}");
        }
    }

    [Fact]
    public void QformIsUsedWhenSformIsAbsent()
    {
        using var tmp = TestData.NewTempFolder();
        double a = 30 * Math.PI / 180;
        var g = new VolumeGeometry(3, 3, 3, new Vec3(1, 2, 3), new Vec3(10, 20, 30),
            new Vec3(Math.Cos(a), Math.Sin(a), 0), new Vec3(-Math.Sin(a), Math.Cos(a), 0), new Vec3(0, 0, 1));
        var path = tmp.File("q.nii");
        NiftiWriter.Write(path, new Volume<byte>(g));
        var bytes = File.ReadAllBytes(path);
        bytes[254] = 0; bytes[255] = 0; // sform_code = 0: only the quaternion remains
        File.WriteAllBytes(path, bytes);

        var read = NiftiReader.Read(path);
        var far = read.Geometry.IndexToLps(2, 2, 2);
        var expected = g.IndexToLps(2, 2, 2);
        Assert.True((far - expected).Length < 1e-3, $"{far} != {expected}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void HeaderAloneGivesTheSizeAndRefusesWhatTheFileCannotHold(bool gzip)
    {
        using var tmp = TestData.NewTempFolder();
        var path = tmp.File(gzip ? "h.nii.gz" : "h.nii");
        NiftiWriter.Write(path, new Volume<short>(VolumeGeometry.Axial(12, 10, 7, new Vec3(1, 1, 2))));
        var h = NiftiReader.ReadHeader(path);
        Assert.Equal((12, 10, 7, 840L, NiftiDataType.Int16), (h.SizeX, h.SizeY, h.SizeZ, h.Voxels, h.StoredType));

        // The same header on a file that cannot hold its voxels: refused from the header, as Read refuses it.
        var bytes = File.ReadAllBytes(path);
        var cut = tmp.File("cut.nii");
        File.WriteAllBytes(cut, (gzip ? Gunzip(bytes) : bytes)[..400]);
        Assert.Equal(RejectionCode.CorruptFile, Assert.Throws<ScreenerException>(() => NiftiReader.ReadHeader(cut)).Code);
    }

    private static byte[] Gunzip(byte[] gz)
    {
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(gz), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    [Fact]
    public void TruncatedFileIsCorruptNotACrash()
    {
        using var tmp = TestData.NewTempFolder();
        var path = tmp.File("t.nii");
        NiftiWriter.Write(path, new Volume<short>(VolumeGeometry.Axial(10, 10, 10, new Vec3(1, 1, 1))));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<ScreenerException>(() => NiftiReader.Read(path));
        Assert.Equal(RejectionCode.CorruptFile, e.Code);
    }

    [Fact]
    public void LpsAndIndexConversionsInvertEachOtherOnATiltedGrid()
    {
        // Gantry tilt: the slice axis leans 15 degrees towards y, so the axes are not orthogonal.
        var tilt = 15 * Math.PI / 180;
        var g = new VolumeGeometry(10, 10, 10, new Vec3(0.5, 0.5, 2), new Vec3(1, 2, 3),
            new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, Math.Sin(tilt), Math.Cos(tilt)));
        Assert.False(g.IsOrthogonal());
        var idx = g.LpsToIndex(g.IndexToLps(3.5, 7.25, 9));
        Assert.Equal(3.5, idx.X, 9);
        Assert.Equal(7.25, idx.Y, 9);
        Assert.Equal(9, idx.Z, 9);
    }

    [Fact]
    public void UnitIntervalMapReadsBackWithinHalfAStep()
    {
        using var tmp = TestData.NewTempFolder();
        var v = new Volume<float>(VolumeGeometry.Axial(5, 4, 3, new Vec3(1, 1, 1)));
        for (int i = 0; i < v.Data.Length; i++) v.Data[i] = i / (float)(v.Data.Length - 1);
        v.Data[0] = -0.2f; v.Data[1] = 1.7f; // out of range values clamp
        var path = tmp.File("a.nii.gz");
        NiftiWriter.WriteUnitInterval(path, v);
        var read = NiftiReader.Read(path);
        Assert.Equal(NiftiDataType.UInt8, read.StoredType);
        Assert.Equal(0f, read.Values.Data[0]);
        Assert.Equal(1f, read.Values.Data[1], 5);
        for (int i = 2; i < v.Data.Length; i++) Assert.InRange(read.Values.Data[i] - v.Data[i], -0.5f / 255 - 1e-6f, 0.5f / 255 + 1e-6f);
    }
}
