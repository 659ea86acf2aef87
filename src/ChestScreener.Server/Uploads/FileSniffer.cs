using System.Buffers.Binary;

namespace ChestScreener.Server.Uploads;

/// <summary>Recognises DICOM, zip and NIfTI files from their first 132 bytes, so garbage is refused at upload time, not in a job.</summary>
public static class FileSniffer
{
    public const int HeadLength = 132;

    public static FileKind Sniff(ReadOnlySpan<byte> head, string fileName)
    {
        var name = fileName.ToLowerInvariant();
        if (head.Length >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] is 3 or 5 && head[3] is 4 or 6) return FileKind.Zip;
        if (head.Length >= HeadLength && head[128] == (byte)'D' && head[129] == (byte)'I' && head[130] == (byte)'C' && head[131] == (byte)'M') return FileKind.Dicom;
        if (name.EndsWith(".nii.gz") && head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b) return FileKind.Nifti;
        if (name.EndsWith(".nii") && head.Length >= 4 && BinaryPrimitives.ReadInt32LittleEndian(head) is 348 or 540) return FileKind.Nifti;
        // DICOM without the 128-byte preamble (old writers): starts with an explicit or implicit little-endian tag of group 0002 or 0008.
        if (head.Length >= 8 && head[1] == 0 && head[0] is 0x02 or 0x08 && head[3] == 0 && IsLikelyDicomStart(head)) return FileKind.Dicom;
        return FileKind.Unknown;
    }

    private static bool IsLikelyDicomStart(ReadOnlySpan<byte> head)
    {
        // Explicit VR: two uppercase letters after the tag; implicit VR: a small 32-bit length.
        var explicitVr = head[4] is >= (byte)'A' and <= (byte)'Z' && head[5] is >= (byte)'A' and <= (byte)'Z';
        return explicitVr || BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) < 4096;
    }
}
