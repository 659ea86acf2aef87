using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Imaging.Nifti;

/// <summary>
/// Reads single-file NIfTI-1 (.nii / .nii.gz), little or big endian. The affine comes from the sform when its code is
/// set, else from the qform, else from pixdim alone (the order the NIfTI standard recommends for display).
/// </summary>
public static class NiftiReader
{
    /// <summary>Largest volume accepted, so that a forged header cannot make us allocate gigabytes.</summary>
    public const long MaxVoxels = 1L << 30;

    public static bool LooksLikeNifti(string path) =>
        path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase);

    public static NiftiImage Read(string path) => WithStream(path, (stream, limit) => Read(stream, Path.GetFileName(path), limit));

    /// <summary>
    /// Reads the 348-byte header only (no voxel array): the volume's size, for deciding what reading it would cost. Applies the same
    /// checks as <see cref="Read(string)"/> that need no pixel data, including the limit on what a file of this size can hold.
    /// </summary>
    public static NiftiHeader ReadHeader(string path) => WithStream(path, (stream, limit) =>
    {
        var name = Path.GetFileName(path);
        var f = ReadFields(stream, name, limit);
        return new NiftiHeader(f.Nx, f.Ny, f.Nz, f.Type);
    });

    // Opens the file (gunzipping .gz) and knows the most it can deliver: deflate expands at most ~1032x, so a header claiming
    // more data than that is truncated, whatever it says.
    private static T WithStream<T>(string path, Func<Stream, long, T> read)
    {
        using var file = File.OpenRead(path);
        bool gzip = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return read(stream, gzip ? file.Length * DeflateMaxRatio : file.Length);
        }
        catch (InvalidDataException e)
        {
            throw new ScreenerException(RejectionCode.CorruptFile, $"{Path.GetFileName(path)}: broken gzip stream ({e.Message})", e) { FileName = Path.GetFileName(path) };
        }
        finally
        {
            if (stream != file) stream.Dispose();
        }
    }

    /// <summary>Deflate's largest expansion (258-byte matches in ~2 bits): bounds what a .nii.gz of a given size can hold.</summary>
    private const long DeflateMaxRatio = 1032;

    /// <summary>The header's fields the reader uses, checked; the stream is left just after the 348-byte header.</summary>
    private sealed record Fields(int Nx, int Ny, int Nz, NiftiDataType Type, int BytesPer, bool Little, float Slope, float Inter,
        VolumeGeometry Geometry, string Description, long Skip)
    {
        public long Voxels => (long)Nx * Ny * Nz;
    }

    private static Fields ReadFields(Stream stream, string name, long maxAvailableBytes)
    {
        var h = new byte[348];
        if (ReadFully(stream, h) < 348) throw Corrupt(name, "file is shorter than a NIfTI-1 header");
        bool little = BinaryPrimitives.ReadInt32LittleEndian(h) == 348;
        if (!little && BinaryPrimitives.ReadInt32BigEndian(h) != 348) throw new ScreenerException(RejectionCode.NotDicom, $"{name}: not a NIfTI-1 file (sizeof_hdr is not 348)") { FileName = name };
        var magic = System.Text.Encoding.ASCII.GetString(h, 344, 3);
        if (magic != "n+1") throw Corrupt(name, $"unsupported NIfTI magic '{magic}' (only single-file NIfTI-1 'n+1' is read)");

        short I16(int o) => little ? BinaryPrimitives.ReadInt16LittleEndian(h.AsSpan(o)) : BinaryPrimitives.ReadInt16BigEndian(h.AsSpan(o));
        float F32(int o) => little ? BinaryPrimitives.ReadSingleLittleEndian(h.AsSpan(o)) : BinaryPrimitives.ReadSingleBigEndian(h.AsSpan(o));

        int ndim = I16(40);
        if (ndim < 1 || ndim > 7) throw Corrupt(name, $"dim[0]={ndim} is out of range");
        int nx = I16(42), ny = ndim >= 2 ? I16(44) : 1, nz = ndim >= 3 ? I16(46) : 1;
        for (int d = 4; d <= ndim; d++)
        {
            if (I16(40 + 2 * d) > 1) throw Corrupt(name, "4D or higher NIfTI images are not CT volumes");
        }
        if (nx <= 0 || ny <= 0 || nz <= 0) throw Corrupt(name, $"dimensions {nx}x{ny}x{nz} are not positive");
        long voxels = (long)nx * ny * nz;
        if (voxels > MaxVoxels) throw new ScreenerException(RejectionCode.TooLarge, $"{name}: {nx}x{ny}x{nz} voxels is more than the limit of {MaxVoxels}") { FileName = name };

        var type = (NiftiDataType)I16(70);
        int bytesPer = type switch
        {
            NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
            NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
            NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 => 4,
            NiftiDataType.Float64 => 8,
            _ => throw new ScreenerException(RejectionCode.UnsupportedEncoding, $"{name}: NIfTI datatype {(short)type} is not supported") { FileName = name },
        };
        float voxOffset = F32(108);
        float slope = F32(112), inter = F32(116);
        if (slope == 0 || !float.IsFinite(slope)) { slope = 1; inter = float.IsFinite(inter) ? inter : 0; }
        if (!float.IsFinite(inter)) inter = 0;

        var geometry = ReadGeometry(name, nx, ny, nz, I16(252), I16(254), i => F32(i));
        var description = System.Text.Encoding.ASCII.GetString(h, 148, 80).TrimEnd('\0', ' ');

        // Skip extensions up to vox_offset.
        if (!float.IsFinite(voxOffset)) throw Corrupt(name, $"vox_offset {voxOffset} is not a number");
        long skip = (long)voxOffset - 348;
        if (skip < 0) throw Corrupt(name, $"vox_offset {voxOffset} is inside the header");
        if ((long)voxOffset + voxels * bytesPer > maxAvailableBytes)
            throw Corrupt(name, $"pixel data is truncated: the header claims {nx}x{ny}x{nz} voxels ({voxels * bytesPer} bytes) but the file can hold at most {maxAvailableBytes - (long)voxOffset}");
        return new Fields(nx, ny, nz, type, bytesPer, little, slope, inter, geometry, description, skip);
    }

    /// <summary>
    /// Reads a NIfTI-1 stream; <paramref name="maxAvailableBytes"/> (when known) is the most the stream can deliver, so that a
    /// header claiming far more is refused before its voxel array is allocated.
    /// </summary>
    public static NiftiImage Read(Stream stream, string name, long maxAvailableBytes = long.MaxValue)
    {
        var f = ReadFields(stream, name, maxAvailableBytes);
        var (voxels, bytesPer, type, little, slope, inter) = (f.Voxels, f.BytesPer, f.Type, f.Little, f.Slope, f.Inter);
        SkipBytes(stream, f.Skip, name);

        var values = new float[voxels];
        var buffer = new byte[Math.Min(voxels * bytesPer, 1 << 22) / bytesPer * bytesPer];
        long done = 0;
        while (done < voxels)
        {
            int want = (int)Math.Min(buffer.Length, (voxels - done) * bytesPer);
            if (ReadFully(stream, buffer.AsSpan(0, want)) < want) throw Corrupt(name, $"pixel data is truncated ({done} of {voxels} voxels present)");
            Convert(buffer.AsSpan(0, want), values.AsSpan((int)done, want / bytesPer), type, little, slope, inter);
            done += want / bytesPer;
        }
        return new NiftiImage(new Volume<float>(f.Geometry, values), type, f.Description);
    }

    private static VolumeGeometry ReadGeometry(string name, int nx, int ny, int nz, short qformCode, short sformCode, Func<int, float> f32)
    {
        double dx = Math.Abs(f32(80)), dy = Math.Abs(f32(84)), dz = Math.Abs(f32(88));
        double[] ras;
        if (sformCode > 0)
        {
            ras = new double[12];
            for (int i = 0; i < 12; i++) ras[i] = f32(280 + 4 * i);
        }
        else if (qformCode > 0)
        {
            double qfac = f32(76) < 0 ? -1 : 1;
            double b = f32(256), c = f32(260), d = f32(264);
            double a = 1.0 - (b * b + c * c + d * d);
            a = a < 1e-7 ? 0 : Math.Sqrt(a);
            double[] r =
            [
                a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
                2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
                2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b,
            ];
            ras =
            [
                r[0] * dx, r[1] * dy, r[2] * dz * qfac, f32(268),
                r[3] * dx, r[4] * dy, r[5] * dz * qfac, f32(272),
                r[6] * dx, r[7] * dy, r[8] * dz * qfac, f32(276),
            ];
        }
        else
        {
            ras = [dx, 0, 0, 0, 0, dy, 0, 0, 0, 0, dz, 0];
        }
        foreach (var v in ras)
        {
            if (!double.IsFinite(v)) throw Corrupt(name, "the affine contains NaN or infinity");
        }
        try
        {
            return VolumeGeometry.FromRasAffine(nx, ny, nz, ras);
        }
        catch (ArgumentException e)
        {
            throw Corrupt(name, $"the affine is singular ({e.Message})");
        }
    }

    private static void Convert(ReadOnlySpan<byte> src, Span<float> dst, NiftiDataType type, bool little, float slope, float inter)
    {
        bool swap = little != BitConverter.IsLittleEndian;
        switch (type)
        {
            case NiftiDataType.UInt8: for (int i = 0; i < dst.Length; i++) dst[i] = src[i] * slope + inter; break;
            case NiftiDataType.Int8: for (int i = 0; i < dst.Length; i++) dst[i] = (sbyte)src[i] * slope + inter; break;
            case NiftiDataType.Int16:
                {
                    var s = MemoryMarshal.Cast<byte, short>(src);
                    for (int i = 0; i < dst.Length; i++) dst[i] = (swap ? BinaryPrimitives.ReverseEndianness(s[i]) : s[i]) * slope + inter;
                    break;
                }
            case NiftiDataType.UInt16:
                {
                    var s = MemoryMarshal.Cast<byte, ushort>(src);
                    for (int i = 0; i < dst.Length; i++) dst[i] = (swap ? BinaryPrimitives.ReverseEndianness(s[i]) : s[i]) * slope + inter;
                    break;
                }
            case NiftiDataType.Int32:
                {
                    var s = MemoryMarshal.Cast<byte, int>(src);
                    for (int i = 0; i < dst.Length; i++) dst[i] = (swap ? BinaryPrimitives.ReverseEndianness(s[i]) : s[i]) * slope + inter;
                    break;
                }
            case NiftiDataType.UInt32:
                {
                    var s = MemoryMarshal.Cast<byte, uint>(src);
                    for (int i = 0; i < dst.Length; i++) dst[i] = (swap ? BinaryPrimitives.ReverseEndianness(s[i]) : s[i]) * slope + inter;
                    break;
                }
            case NiftiDataType.Float32:
                for (int i = 0; i < dst.Length; i++)
                {
                    float v = little ? BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]) : BinaryPrimitives.ReadSingleBigEndian(src[(4 * i)..]);
                    dst[i] = v * slope + inter;
                }
                break;
            case NiftiDataType.Float64:
                for (int i = 0; i < dst.Length; i++)
                {
                    double v = little ? BinaryPrimitives.ReadDoubleLittleEndian(src[(8 * i)..]) : BinaryPrimitives.ReadDoubleBigEndian(src[(8 * i)..]);
                    dst[i] = (float)v * slope + inter;
                }
                break;
        }
    }

    private static int ReadFully(Stream s, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = s.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static void SkipBytes(Stream s, long count, string name)
    {
        Span<byte> scratch = stackalloc byte[4096];
        while (count > 0)
        {
            int n = s.Read(scratch[..(int)Math.Min(scratch.Length, count)]);
            if (n == 0) throw Corrupt(name, "file ends inside the header extensions");
            count -= n;
        }
    }

    private static ScreenerException Corrupt(string name, string why) =>
        new(RejectionCode.CorruptFile, $"{name}: {why}") { FileName = name };
}
