using System.IO.Compression;

namespace ChestScreener.Dicom.Input;

/// <summary>
/// Unpacks a zip with limits on entry count, total size and compression ratio (zip bombs), and refuses entries that
/// would land outside the target folder (absolute paths, "..", links). Sizes are enforced on the bytes actually
/// written, not on what the archive claims.
/// </summary>
internal static class SafeZip
{
    /// <summary>Entries smaller than this are not ratio-checked: tiny files of zeros compress absurdly well and are harmless.</summary>
    private const long RatioCheckMinBytes = 1 << 20;

    public static List<string> Extract(string zipPath, string targetFolder, ReadOptions options)
    {
        var name = Path.GetFileName(zipPath);
        var root = Path.GetFullPath(targetFolder);
        if (!root.EndsWith(Path.DirectorySeparatorChar)) root += Path.DirectorySeparatorChar;
        var files = new List<string>();
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException e)
        {
            throw new ScreenerException(RejectionCode.CorruptFile, $"{name}: not a readable zip archive ({e.Message})", e) { FileName = name };
        }
        using (archive)
        {
            try
            {
                ExtractAll(archive, name, zipPath, root, files, options);
            }
            catch (InvalidDataException e)
            {
                // The central directory is read lazily: a damaged one surfaces here, not at open.
                throw new ScreenerException(RejectionCode.CorruptFile, $"{name}: the zip's directory is damaged ({e.Message})", e) { FileName = name };
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static void ExtractAll(ZipArchive archive, string name, string zipPath, string root, List<string> files, ReadOptions options)
    {
        if (archive.Entries.Count > options.MaxZipEntries)
            throw new ScreenerException(RejectionCode.TooLarge, $"{name}: {archive.Entries.Count} entries is more than the limit of {options.MaxZipEntries}") { FileName = name };
        long archiveBytes = Math.Max(1, new FileInfo(zipPath).Length);
        long written = 0;
        foreach (var entry in archive.Entries)
        {
            var entryName = entry.FullName.Replace('\\', '/');
            if (entryName.EndsWith('/')) continue;   // folder entry
            CheckPath(name, entryName, entry, root);
            if (entry.Length > RatioCheckMinBytes && entry.CompressedLength > 0 && (double)entry.Length / entry.CompressedLength > options.MaxCompressionRatio)
                throw new ScreenerException(RejectionCode.TooLarge, $"{name}: entry {entryName} expands {entry.Length / (double)entry.CompressedLength:0}x, more than the limit of {options.MaxCompressionRatio:0}x (zip bomb?)") { FileName = name };
            var target = Path.GetFullPath(Path.Combine(root, entryName));
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                using var source = entry.Open();
                using var sink = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
                written += CopyWithBudget(source, sink, options.MaxUncompressedBytes - written, name, options);
            }
            catch (IOException e) when (e is not FileNotFoundException)
            {
                // Two entries of one name, or a file entry where another entry needs a folder: an archive made to confuse.
                throw new ScreenerException(RejectionCode.CorruptFile, $"{name}: entry '{entryName}' collides with another entry or cannot be unpacked ({e.GetType().Name}); such archives are refused", e) { FileName = name };
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException)
            {
                throw new ScreenerException(RejectionCode.CorruptFile, $"{name}: damaged zip entry {entryName} ({e.Message})", e) { FileName = name };
            }
            if ((double)written / archiveBytes > options.MaxCompressionRatio && written > RatioCheckMinBytes)
                throw new ScreenerException(RejectionCode.TooLarge, $"{name}: expands more than {options.MaxCompressionRatio:0}x its size (zip bomb?)") { FileName = name };
            files.Add(target);
        }
    }

    private static void CheckPath(string zipName, string entryName, ZipArchiveEntry entry, string root)
    {
        int unixType = (entry.ExternalAttributes >> 16) & 0xF000;
        string? problem = null;
        if (unixType == 0xA000) problem = "is a symbolic link";
        else if (entryName.Any(char.IsControl)) problem = "has control characters in its name";
        else if (entryName.StartsWith('/') || Path.IsPathRooted(entryName) || (entryName.Length > 1 && entryName[1] == ':')) problem = "has an absolute path";
        else if (entryName.Split('/').Any(part => part == "..")) problem = "climbs out of the archive with '..'";
        else if (!Path.GetFullPath(Path.Combine(root, entryName)).StartsWith(root, StringComparison.Ordinal)) problem = "points outside the archive";
        if (problem is not null)
            throw new ScreenerException(RejectionCode.CorruptFile, $"{zipName}: entry '{Printable(entryName)}' {problem}; such archives are refused for safety") { FileName = zipName };
    }

    // The name comes from a hostile archive and ends up in result.json, logs and docs: control characters are shown as \uXXXX.
    private static string Printable(string name) =>
        name.Any(char.IsControl) ? string.Concat(name.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) : name;

    private static long CopyWithBudget(Stream source, Stream sink, long budget, string name, ReadOptions options)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        try
        {
            while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
            {
                total += read;
                if (total > budget)
                    throw new ScreenerException(RejectionCode.TooLarge, $"{name}: unpacks to more than the limit of {options.MaxUncompressedBytes / (1 << 20)} MiB") { FileName = name };
                sink.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException e)
        {
            throw new ScreenerException(RejectionCode.CorruptFile, $"{name}: damaged zip entry ({e.Message})", e) { FileName = name };
        }
        return total;
    }
}
