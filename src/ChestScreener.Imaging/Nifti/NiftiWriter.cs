using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Imaging.Nifti;

/// <summary>
/// Writes single-file NIfTI-1 with both sform (exact affine) and, when the axes are orthogonal, the equivalent qform,
/// so that tools that read either agree. Gzips when the path ends in .gz. Writes to a temp name and renames.
/// </summary>
public static class NiftiWriter
{
    public static void Write(string path, Volume<short> volume, string description = "", float slope = 1, float inter = 0) =>
        Write(path, volume.Geometry, MemoryMarshal.AsBytes(volume.Data.AsSpan()), NiftiDataType.Int16, description, slope, inter);

    public static void Write(string path, Volume<byte> volume, string description = "", float slope = 1, float inter = 0) =>
        Write(path, volume.Geometry, volume.Data, NiftiDataType.UInt8, description, slope, inter);

    /// <summary>
    /// Writes a 0..1 map as uint8 with scl_slope 1/255: a quarter of the float size, still read back as 0..1 by any
    /// NIfTI reader (steps of 0.004), which is what lets a browser load a full-size score map quickly.
    /// </summary>
    public static void WriteUnitInterval(string path, Volume<float> volume, string description = "", int threads = 0)
    {
        var bytes = volume.Like<byte>();
        var src = volume.Data;
        var dst = bytes.Data;
        Parallel.For(0, volume.SizeZ, Parallelism.Options(threads), z =>
        {
            int n = volume.SliceLength, o = z * n;
            for (int i = o; i < o + n; i++)
            {
                float v = src[i];
                dst[i] = v >= 1f ? (byte)255 : v > 0f ? (byte)(v * 255f + 0.5f) : (byte)0;
            }
        });
        Write(path, bytes, description, 1f / 255f, 0);
    }

    public static void Write(string path, Volume<ushort> volume, string description = "") =>
        Write(path, volume.Geometry, MemoryMarshal.AsBytes(volume.Data.AsSpan()), NiftiDataType.UInt16, description, 1, 0);

    public static void Write(string path, Volume<float> volume, string description = "") =>
        Write(path, volume.Geometry, MemoryMarshal.AsBytes(volume.Data.AsSpan()), NiftiDataType.Float32, description, 1, 0);

    public static void Write(string path, VolumeGeometry g, ReadOnlySpan<byte> data, NiftiDataType type, string description, float slope, float inter)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("NIfTI writing assumes a little-endian machine");
        var header = BuildHeader(g, type, description, slope, inter);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                Stream output = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Fastest) : file;
                output.Write(header);
                output.Write(data);
                if (output != file) output.Dispose();
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static byte[] BuildHeader(VolumeGeometry g, NiftiDataType type, string description, float slope, float inter)
    {
        var h = new byte[352]; // 348 header + 4 bytes of (empty) extension flag
        var s = h.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(s, 348);
        BinaryPrimitives.WriteInt16LittleEndian(s[40..], 3);
        BinaryPrimitives.WriteInt16LittleEndian(s[42..], checked((short)g.SizeX));
        BinaryPrimitives.WriteInt16LittleEndian(s[44..], checked((short)g.SizeY));
        BinaryPrimitives.WriteInt16LittleEndian(s[46..], checked((short)g.SizeZ));
        for (int d = 4; d <= 7; d++) BinaryPrimitives.WriteInt16LittleEndian(s[(40 + 2 * d)..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(s[70..], (short)type);
        short bits = type switch { NiftiDataType.UInt8 or NiftiDataType.Int8 => 8, NiftiDataType.Int16 or NiftiDataType.UInt16 => 16, NiftiDataType.Float64 => 64, _ => 32 };
        BinaryPrimitives.WriteInt16LittleEndian(s[72..], bits);
        BinaryPrimitives.WriteSingleLittleEndian(s[80..], (float)g.Spacing.X);
        BinaryPrimitives.WriteSingleLittleEndian(s[84..], (float)g.Spacing.Y);
        BinaryPrimitives.WriteSingleLittleEndian(s[88..], (float)g.Spacing.Z);
        BinaryPrimitives.WriteSingleLittleEndian(s[108..], 352f); // vox_offset
        BinaryPrimitives.WriteSingleLittleEndian(s[112..], slope);
        BinaryPrimitives.WriteSingleLittleEndian(s[116..], inter);
        s[123] = 10; // xyzt_units: mm + s
        var desc = System.Text.Encoding.ASCII.GetBytes(description.Length > 79 ? description[..79] : description);
        desc.CopyTo(s[148..]);

        var ras = g.ToRasAffine();
        // sform: the exact affine (also right for tilted, non-orthogonal grids).
        BinaryPrimitives.WriteInt16LittleEndian(s[254..], 1); // sform_code = scanner
        for (int i = 0; i < 12; i++) BinaryPrimitives.WriteSingleLittleEndian(s[(280 + 4 * i)..], (float)ras[i]);

        if (g.IsOrthogonal())
        {
            var (b, c, d, qfac) = Quaternion(g);
            BinaryPrimitives.WriteInt16LittleEndian(s[252..], 1); // qform_code = scanner
            BinaryPrimitives.WriteSingleLittleEndian(s[76..], (float)qfac);
            BinaryPrimitives.WriteSingleLittleEndian(s[256..], (float)b);
            BinaryPrimitives.WriteSingleLittleEndian(s[260..], (float)c);
            BinaryPrimitives.WriteSingleLittleEndian(s[264..], (float)d);
            BinaryPrimitives.WriteSingleLittleEndian(s[268..], (float)ras[3]);
            BinaryPrimitives.WriteSingleLittleEndian(s[272..], (float)ras[7]);
            BinaryPrimitives.WriteSingleLittleEndian(s[276..], (float)ras[11]);
        }
        else
        {
            BinaryPrimitives.WriteSingleLittleEndian(s[76..], 1f);
        }
        "n+1\0"u8.CopyTo(s[344..]);
        return h;
    }

    /// <summary>The NIfTI quaternion (b, c, d, qfac) of the RAS rotation; follows nifti_mat44_to_quatern.</summary>
    private static (double b, double c, double d, double qfac) Quaternion(VolumeGeometry g)
    {
        // RAS unit axes as columns.
        double r11 = -g.AxisX.X, r21 = -g.AxisX.Y, r31 = g.AxisX.Z;
        double r12 = -g.AxisY.X, r22 = -g.AxisY.Y, r32 = g.AxisY.Z;
        double r13 = -g.AxisZ.X, r23 = -g.AxisZ.Y, r33 = g.AxisZ.Z;
        double det = r11 * r22 * r33 - r11 * r32 * r23 - r21 * r12 * r33 + r21 * r32 * r13 + r31 * r12 * r23 - r31 * r22 * r13;
        double qfac = 1;
        if (det < 0) { qfac = -1; r13 = -r13; r23 = -r23; r33 = -r33; }
        double a = r11 + r22 + r33 + 1, b, c, d;
        if (a > 0.5)
        {
            a = 0.5 * Math.Sqrt(a);
            b = 0.25 * (r32 - r23) / a; c = 0.25 * (r13 - r31) / a; d = 0.25 * (r21 - r12) / a;
        }
        else
        {
            double xd = 1 + r11 - (r22 + r33), yd = 1 + r22 - (r11 + r33), zd = 1 + r33 - (r11 + r22);
            if (xd > 1) { b = 0.5 * Math.Sqrt(xd); c = 0.25 * (r12 + r21) / b; d = 0.25 * (r13 + r31) / b; a = 0.25 * (r32 - r23) / b; }
            else if (yd > 1) { c = 0.5 * Math.Sqrt(yd); b = 0.25 * (r12 + r21) / c; d = 0.25 * (r23 + r32) / c; a = 0.25 * (r13 - r31) / c; }
            else { d = 0.5 * Math.Sqrt(zd); b = 0.25 * (r13 + r31) / d; c = 0.25 * (r23 + r32) / d; a = 0.25 * (r21 - r12) / d; }
            if (a < 0) { b = -b; c = -c; d = -d; }
        }
        return (b, c, d, qfac);
    }
}
