using System.Buffers.Binary;
using System.IO.Compression;

namespace ChestScreener.Server.Tests.Uploads;

/// <summary>NIfTI-1 test files built from the header up, so a test can claim a huge volume without writing its voxels.</summary>
public static class TestNifti
{
    /// <summary>
    /// A .nii.gz whose header says <paramref name="x"/>x<paramref name="y"/>x<paramref name="z"/> int16 at 0.5 mm, followed by
    /// <paramref name="fileBytes"/> in all: a gzip member with the header and a little zero data, then zero padding. Readers that
    /// look at the header only (and at what a file of this size could hold) see the volume the issue-20 probe uploaded
    /// (1024x1024x1000 zeros, 2 MB gzipped); its voxels are never meant to be read.
    /// </summary>
    public static byte[] HeaderOnlyGz(short x, short y, short z, int fileBytes)
    {
        var header = new byte[352];
        BinaryPrimitives.WriteInt32LittleEndian(header, 348);
        short[] dim = [3, x, y, z, 1, 1, 1, 1];
        for (var i = 0; i < dim.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(40 + 2 * i), dim[i]);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(70), 4);   // datatype int16
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(72), 16);  // bitpix
        float[] pixdim = [1, 0.5f, 0.5f, 0.5f];
        for (var i = 0; i < pixdim.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(header.AsSpan(76 + 4 * i), pixdim[i]);
        BinaryPrimitives.WriteSingleLittleEndian(header.AsSpan(108), 352);  // vox_offset
        BinaryPrimitives.WriteSingleLittleEndian(header.AsSpan(112), 1);    // scl_slope
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(254), 1);     // sform_code
        for (var row = 0; row < 3; row++) BinaryPrimitives.WriteSingleLittleEndian(header.AsSpan(280 + 16 * row + 4 * row), 0.5f);
        "n+1\0"u8.CopyTo(header.AsSpan(344));

        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(header);
            gz.Write(new byte[64 << 10]);
        }
        if (ms.Length < fileBytes) ms.SetLength(fileBytes);
        return ms.ToArray();
    }
}
