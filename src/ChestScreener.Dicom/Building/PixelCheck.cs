using System.Globalization;
using ChestScreener.Dicom.Gdcm;

namespace ChestScreener.Dicom.Building;

/// <summary>
/// Refuses a file's pixel data before decoding when the structure walk found it cut off, or when uncompressed data is
/// shorter than the image it claims: GDCM would otherwise pad the missing bytes with zeros and hand back a made-up slice.
/// </summary>
internal static class PixelCheck
{
    private static readonly HashSet<string> Uncompressed = new(StringComparer.Ordinal) { "", "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99" };

    /// <summary>Throws corrupt_file / too_large naming the file (by its file name; the caller maps it to the display name).</summary>
    public static void ThrowIfDamaged(DicomHeader h)
    {
        var display = Path.GetFileName(h.Path);
        if (h.PixelDataProblem is { } problem)
            throw Damaged(display, problem, h.TransferSyntaxUid);
        long bytesPerSample = (h.BitsAllocated + 7) / 8;
        long needed = (long)h.Rows * h.Columns * Math.Max(1, h.Frames) * Math.Max(1, h.SamplesPerPixel) * Math.Max(1, bytesPerSample);
        if (needed > Array.MaxLength)
            throw new ScreenerException(RejectionCode.TooLarge, string.Create(CultureInfo.InvariantCulture,
                $"{display}: {h.Columns}x{h.Rows}x{h.Frames} pixels need {needed} bytes, more than one file may hold")) { FileName = display };
        if (h.BitsAllocated == 1 || !Uncompressed.Contains(h.TransferSyntaxUid) || h.PixelDataLength < 0) return;
        if (h.PixelDataLength < needed)
            throw Damaged(display, string.Create(CultureInfo.InvariantCulture, $"its pixel data holds {h.PixelDataLength} bytes where {needed} are needed"), h.TransferSyntaxUid);
    }

    private static ScreenerException Damaged(string display, string problem, string tsUid) =>
        new(RejectionCode.CorruptFile, $"{display}: {problem} (transfer syntax {TransferSyntaxes.Name(tsUid)}); the file is damaged, re-export or re-send the series") { FileName = display };
}
