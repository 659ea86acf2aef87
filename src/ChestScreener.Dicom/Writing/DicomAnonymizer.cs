using ChestScreener.Dicom.Gdcm;

namespace ChestScreener.Dicom.Writing;

/// <summary>
/// Rewrites a DICOM file in place (a temp file, then a rename) with some elements emptied and others removed, using GDCM's
/// anonymiser. The file is read through <see cref="GdcmGate"/>, so a damaged one is refused with a reason instead of reaching
/// GDCM (which aborts the process on some damage).
/// </summary>
public static class DicomAnonymizer
{
    /// <summary>
    /// Empties <paramref name="emptied"/> and removes <paramref name="removed"/> in <paramref name="path"/>. False, with
    /// <paramref name="problem"/> saying why (no path in it), when the file is damaged or cannot be rewritten; it is then unchanged.
    /// </summary>
    public static bool TryStrip(string path, IReadOnlyList<(ushort Group, ushort Element)> emptied,
        IReadOnlyList<(ushort Group, ushort Element)> removed, out string? problem)
    {
        var temp = path + ".strip";
        try
        {
            using var reader = GdcmGate.Open(path, GdcmGate.Extent.Whole, out var structure);
            if (reader is null)
            {
                problem = structure.HeaderProblem ?? structure.PixelProblem ?? "it cannot be parsed as DICOM";
                return false;
            }
            using var anonymizer = new gdcm.Anonymizer();
            anonymizer.SetFile(reader.GetFile());
            foreach (var (g, e) in emptied) anonymizer.Empty(new gdcm.Tag(g, e));
            foreach (var (g, e) in removed) anonymizer.Remove(new gdcm.Tag(g, e));
            using var writer = new gdcm.Writer();
            writer.SetFile(anonymizer.GetFile());
            writer.SetFileName(temp);
            if (!writer.Write())
            {
                problem = "it cannot be rewritten without its identifiers";
                return false;
            }
            File.Move(temp, path, overwrite: true);
            problem = null;
            return true;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
