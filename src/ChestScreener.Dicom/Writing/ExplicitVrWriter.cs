using System.Buffers.Binary;
using System.Text;

namespace ChestScreener.Dicom.Writing;

/// <summary>
/// Minimal Part-10 writer in explicit VR little endian: element encoding plus the preamble and file meta group.
/// Enough for the synthetic CT series of `screener synth` and the reader's tests; not a general DICOM toolkit.
/// </summary>
public static class ExplicitVrWriter
{
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";

    /// <summary>An element header; OB/OW/SQ/UN/UT take the 4-byte length form.</summary>
    public static void Header(Stream s, ushort group, ushort element, string vr, uint length)
    {
        Span<byte> b = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(b, group);
        BinaryPrimitives.WriteUInt16LittleEndian(b[2..], element);
        b[4] = (byte)vr[0];
        b[5] = (byte)vr[1];
        if (vr is "OB" or "OW" or "SQ" or "UN" or "UT" or "UC" or "UR" or "OD" or "OF" or "OL" or "OV" or "SV" or "UV")
        {
            b[6] = 0; b[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(b[8..], length);
            s.Write(b);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b[6..], (ushort)length);
            s.Write(b[..8]);
        }
    }

    /// <summary>A text element, padded to even length (NUL for UI, space otherwise).</summary>
    public static void String(Stream s, ushort group, ushort element, string vr, string value)
    {
        var bytes = Encoding.ASCII.GetBytes(value);
        if (bytes.Length % 2 == 1) bytes = [.. bytes, (byte)(vr == "UI" ? 0 : ' ')];
        Header(s, group, element, vr, (uint)bytes.Length);
        s.Write(bytes);
    }

    /// <summary>Length value meaning "undefined": the sequence or item ends at its delimitation item.</summary>
    public const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>An item tag (FFFE,E000), or the item (E00D) / sequence (E0DD) delimiters: no VR, a 4-byte length.</summary>
    public static void ItemTag(Stream s, ushort element, uint length)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(b, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(b[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(b[4..], length);
        s.Write(b);
    }

    /// <summary>A US element.</summary>
    public static void UInt16(Stream s, ushort group, ushort element, ushort value)
    {
        Header(s, group, element, "US", 2);
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        s.Write(b);
    }

    /// <summary>Writes preamble, "DICM", the file meta group (with its group length) and then <paramref name="body"/>.</summary>
    public static void WriteFile(string path, string sopClassUid, string sopInstanceUid, MemoryStream body,
        string implementationUid, string? implementationVersion = null)
    {
        var meta = new MemoryStream();
        Header(meta, 0x0002, 0x0001, "OB", 2);
        meta.Write([0, 1]);
        String(meta, 0x0002, 0x0002, "UI", sopClassUid);
        String(meta, 0x0002, 0x0003, "UI", sopInstanceUid);
        String(meta, 0x0002, 0x0010, "UI", ExplicitVrLittleEndian);
        String(meta, 0x0002, 0x0012, "UI", implementationUid);
        if (implementationVersion is not null) String(meta, 0x0002, 0x0013, "SH", implementationVersion);

        using var f = File.Create(path);
        f.Write(new byte[128]);
        f.Write("DICM"u8);
        Header(f, 0x0002, 0x0000, "UL", 4);
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)meta.Length);
        f.Write(len);
        meta.WriteTo(f);
        body.WriteTo(f);
    }
}
