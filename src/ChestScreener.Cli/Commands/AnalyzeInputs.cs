using System.Text;

namespace ChestScreener.Cli.Commands;

/// <summary>
/// Turns command-line arguments into studies. Each argument is one study, except a folder that is a batch:
/// <list type="bullet">
/// <item>a file (DICOM, .zip, .nii, .nii.gz) is one study;</item>
/// <item>a folder that directly holds DICOM files (or a DICOMDIR) is one study, sub-folders included;</item>
/// <item>a folder that holds .zip / .nii / .nii.gz files is a batch: each such file and each sub-folder is a study;</item>
/// <item>a folder of sub-folders only is a batch when its sub-folders hold different studies (StudyInstanceUID read from
/// the first DICOM file of each), and one study otherwise (e.g. one study with a folder per series).</item>
/// </list>
/// </summary>
public static class AnalyzeInputs
{
    public static List<AnalyzeInput> Expand(IEnumerable<string> args, List<string> errors)
    {
        var studies = new List<AnalyzeInput>();
        foreach (var arg in args)
        {
            var full = Path.GetFullPath(arg);
            if (File.Exists(full)) { studies.Add(new AnalyzeInput(full, [full])); continue; }
            if (!Directory.Exists(full)) { errors.Add($"input '{arg}' does not exist"); continue; }
            studies.AddRange(ExpandFolder(full));
        }
        return studies;
    }

    private static IEnumerable<AnalyzeInput> ExpandFolder(string folder)
    {
        var files = SafeFiles(folder);
        if (files.Any(f => Path.GetFileName(f).Equals("DICOMDIR", StringComparison.OrdinalIgnoreCase) || LooksLikeDicom(f)))
            return [new AnalyzeInput(folder, [folder])];
        var archives = files.Where(IsArchiveOrNifti).ToList();
        var subfolders = SafeFolders(folder);
        if (archives.Count > 0)
        {
            var batch = archives.Select(a => new AnalyzeInput(a, [a])).ToList();
            batch.AddRange(subfolders.Select(d => new AnalyzeInput(d, [d])));
            return batch;
        }
        if (subfolders.Count >= 2)
        {
            var uids = new HashSet<string>();
            foreach (var d in subfolders)
            {
                var first = FirstDicom(d, depth: 3);
                var uid = first is null ? null : ReadStudyUid(first);
                if (uid is not null) uids.Add(uid);
            }
            if (uids.Count >= 2) return subfolders.Select(d => new AnalyzeInput(d, [d]));
        }
        return [new AnalyzeInput(folder, [folder])];
    }

    private static bool IsArchiveOrNifti(string f) =>
        f.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>The "DICM" magic after the 128-byte preamble, or a .dcm name (some old files have no preamble).</summary>
    public static bool LooksLikeDicom(string file)
    {
        if (file.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".ima", StringComparison.OrdinalIgnoreCase)) return true;
        try
        {
            using var s = File.OpenRead(file);
            Span<byte> head = stackalloc byte[132];
            return s.ReadAtLeast(head, 132, throwOnEndOfStream: false) == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static string? FirstDicom(string folder, int depth)
    {
        foreach (var f in SafeFiles(folder)) if (LooksLikeDicom(f)) return f;
        if (depth == 0) return null;
        foreach (var d in SafeFolders(folder))
        {
            var found = FirstDicom(d, depth - 1);
            if (found is not null) return found;
        }
        return null;
    }

    /// <summary>
    /// StudyInstanceUID (0020,000D) from the first 64 KiB of a little-endian DICOM file, explicit or implicit VR; null when
    /// it cannot be read this cheaply (big endian, deflated, odd files). Only used to tell studies apart in a batch folder.
    /// </summary>
    public static string? ReadStudyUid(string file)
    {
        byte[] buffer;
        try
        {
            using var s = File.OpenRead(file);
            buffer = new byte[Math.Min(65536, s.Length)];
            s.ReadExactly(buffer);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        ReadOnlySpan<byte> tag = [0x20, 0x00, 0x0D, 0x00];
        var span = buffer.AsSpan();
        int at = span.IndexOf(tag);
        while (at >= 0 && at + 8 < span.Length)
        {
            int length, value;
            if (span[at + 4] == 'U' && span[at + 5] == 'I') { length = span[at + 6] | span[at + 7] << 8; value = at + 8; }
            else { length = span[at + 4] | span[at + 5] << 8 | span[at + 6] << 16 | span[at + 7] << 24; value = at + 8; }
            if (length is > 0 and <= 64 && value + length <= span.Length)
            {
                var uid = Encoding.ASCII.GetString(span.Slice(value, length)).TrimEnd('\0', ' ');
                if (uid.Length > 0 && uid.All(ch => ch == '.' || char.IsAsciiDigit(ch))) return uid;
            }
            int next = span[(at + 1)..].IndexOf(tag);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return null;
    }

    private static List<string> SafeFiles(string folder)
    {
        try { return Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList(); }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }

    private static List<string> SafeFolders(string folder)
    {
        try { return Directory.GetDirectories(folder).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToList(); }
        catch (IOException) { return []; }
        catch (UnauthorizedAccessException) { return []; }
    }
}
