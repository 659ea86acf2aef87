using System.Buffers.Binary;
using ChestScreener.Dicom.Gdcm;

namespace ChestScreener.Dicom.Building;

/// <summary>
/// Fast path for uncompressed little-endian pixel data (implicit/explicit VR LE, by far the commonest CT encoding):
/// the stored values are read straight from the file at the offset the header pass found. GDCM's own copy of native
/// data costs ~8 ms of CPU per 512x512 slice (several internal buffer copies), which would make us slower than
/// dcm2niix; everything compressed, big-endian, deflated or oddly packed still goes through GDCM.
/// </summary>
internal static class NativePixelReader
{
    private const string ImplicitLittle = "1.2.840.10008.1.2";
    private const string ExplicitLittle = "1.2.840.10008.1.2.1";

    /// <summary>The stored pixels, or null when this file is not a plain native little-endian case (the caller then uses GDCM).</summary>
    public static DecodedPixels? TryRead(DicomHeader h)
    {
        if (h.TransferSyntaxUid is not (ImplicitLittle or ExplicitLittle) || h.PixelDataOffset < 0) return null;
        if (h.BitsAllocated is not (8 or 16 or 32) || h.SamplesPerPixel != 1 || h.Rows <= 0 || h.Columns <= 0) return null;
        long needed = (long)h.Rows * h.Columns * h.Frames * (h.BitsAllocated / 8);
        if (needed > int.MaxValue - 64) return null;

        // The header pass left PixelDataOffset at the first pixel byte; the element header sits just before it.
        if (h.PixelDataOffset < 12) return null;
        using var handle = File.OpenHandle(h.Path);
        Span<byte> head = stackalloc byte[12];
        if (RandomAccess.Read(handle, head, h.PixelDataOffset - 12) < 12) return null;
        long length = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        bool explicitTag = IsPixelDataTag(head) && head[4] == 'O' && (head[5] == 'W' || head[5] == 'B');
        bool implicitTag = IsPixelDataTag(head[4..]);
        if (!explicitTag && !implicitTag) return null;
        if (length == 0xFFFFFFFF || length < needed) return null;   // encapsulated or short: let GDCM judge it
        long valueStart = h.PixelDataOffset;
        // Pooled: re-using the same few buffers avoids page-faulting fresh memory for every slice.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)needed);
        long done = 0;
        while (done < needed)
        {
            int read = RandomAccess.Read(handle, buffer.AsSpan((int)done), valueStart + done);
            if (read <= 0)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                return null;
            }
            done += read;
        }
        return new DecodedPixels
        {
            Buffer = buffer,
            Columns = h.Columns,
            Rows = h.Rows,
            Frames = h.Frames,
            BitsAllocated = h.BitsAllocated,
            BitsStored = h.BitsStored > 0 ? h.BitsStored : h.BitsAllocated,
            Signed = h.PixelRepresentation == 1,
            SamplesPerPixel = 1,
            Monochrome1 = h.Photometric.StartsWith("MONOCHROME1", StringComparison.Ordinal),
            Pooled = true,
        };
    }

    private static bool IsPixelDataTag(ReadOnlySpan<byte> b) =>
        BinaryPrimitives.ReadUInt16LittleEndian(b) == 0x7FE0 && BinaryPrimitives.ReadUInt16LittleEndian(b[2..]) == 0x0010;
}
