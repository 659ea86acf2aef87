using ChestScreener.Dicom.Validation;

namespace ChestScreener.Dicom.Gdcm;

/// <summary>
/// The only code that hands a file's bytes to GDCM. Debian's GDCM is built with assertions on, and a damaged file meta group or
/// a file cut short inside its header aborts the whole process; so every open walks the file's structure first
/// (<see cref="DicomStructure.Check"/>) and only a file that walks cleanly reaches a GDCM reader. Reading tags, decoding pixels,
/// identifying STOW instances and stripping identifiers all come through here; nothing else in the solution constructs a GDCM
/// reader (GdcmGateTests checks the sources for that, and only this project references the binding).
/// </summary>
internal static class GdcmGate
{
    /// <summary>How much of the file GDCM parses.</summary>
    public enum Extent
    {
        /// <summary>The tags up to the pixel data element, whose value is not read (the stream stops at its first byte).</summary>
        TagsOnly,
        /// <summary>Everything, pixel data included (rewriting a file); the pixel data must be whole too.</summary>
        Whole,
    }

    /// <summary>
    /// A GDCM reader that has read <paramref name="path"/>, or null: <paramref name="verdict"/> then says why when the structure
    /// was at fault (a null with a clean verdict means GDCM itself could not parse it). The caller disposes the reader.
    /// </summary>
    public static gdcm.Reader? Open(string path, Extent extent, out DicomStructure.Verdict verdict)
    {
        verdict = DicomStructure.Check(path);
        if (!Admits(verdict, extent)) return null;
        GdcmSeam.EnsureInitialised();
        var reader = new gdcm.Reader();
        try
        {
            reader.SetFileName(path);
            bool ok;
            if (extent == Extent.Whole)
            {
                ok = reader.Read();
            }
            else
            {
                // With PixelData in the skip set GDCM stops right after the element's length field without reading the
                // value, so the stream position is where the pixel bytes start (used by the native fast path).
                using var skip = new gdcm.TagSetType();
                skip.Add(Tags.PixelData);
                ok = reader.ReadUpToTag(Tags.PixelData, skip);
            }
            if (ok) return reader;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The binding turns C++ exceptions into managed ones: a file GDCM cannot parse, not a fault of ours.
        }
        reader.Dispose();
        return null;
    }

    /// <summary>A GDCM image reader that has read and can decode <paramref name="path"/>, or null (see <see cref="Open"/>).</summary>
    public static gdcm.ImageReader? OpenImage(string path, out DicomStructure.Verdict verdict)
    {
        verdict = DicomStructure.Check(path);
        if (!Admits(verdict, Extent.Whole)) return null;
        GdcmSeam.EnsureInitialised();
        var reader = new gdcm.ImageReader();
        try
        {
            reader.SetFileName(path);
            if (reader.Read()) return reader;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // As in Open: an unparseable file.
        }
        reader.Dispose();
        return null;
    }

    /// <summary>
    /// Whether GDCM may see a file with this structure: never with a damaged header; with damaged pixel data only when it stops
    /// before the pixel data (GDCM then never reads the damaged part).
    /// </summary>
    private static bool Admits(DicomStructure.Verdict verdict, Extent extent) =>
        verdict.HeaderProblem is null && (extent == Extent.TagsOnly || verdict.PixelProblem is null);
}
