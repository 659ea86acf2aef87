using ChestScreener.Imaging.Nifti;

namespace ChestScreener.Dicom.Input;

/// <summary>Expands the user's inputs (zips, folder trees, files) into candidate files, unpacking zips safely.</summary>
internal static class InputCollector
{
    private static readonly EnumerationOptions Walk = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        // Never follow links out of the tree the user gave us.
        AttributesToSkip = FileAttributes.ReparsePoint,
        MatchType = MatchType.Simple,
    };

    public static CollectedInputs Collect(IReadOnlyList<string> inputs, ReadOptions options)
    {
        if (inputs.Count == 0) throw new ScreenerException(RejectionCode.NotDicom, "no input given: pass a .zip, a DICOM folder, DICOM files or a .nii/.nii.gz");
        var collected = new CollectedInputs();
        try
        {
            foreach (var input in inputs)
            {
                if (Directory.Exists(input))
                {
                    var files = Directory.EnumerateFiles(input, "*", Walk).ToList();
                    files.Sort(StringComparer.Ordinal);
                    // Files are named relative to the folder given: messages and warnings never quote where that folder lives
                    // (on a server it is the data folder), and the sender knows which folder it sent.
                    foreach (var file in files) AddFile(file, Path.GetRelativePath(input, file).Replace('\\', '/'), collected, options);
                }
                else if (File.Exists(input))
                {
                    AddFile(input, Path.GetFileName(input), collected, options);
                }
                else
                {
                    throw new ScreenerException(RejectionCode.NotDicom, $"{input}: no such file or folder");
                }
            }
            return collected;
        }
        catch
        {
            collected.Dispose();
            throw;
        }
    }

    private static void AddFile(string path, string display, CollectedInputs collected, ReadOptions options)
    {
        if (NiftiReader.LooksLikeNifti(path))
        {
            collected.NiftiFiles.Add(path);
        }
        else if (IsZip(path))
        {
            var folder = NewTempFolder(options);
            collected.TempFolders.Add(folder);
            var unpacked = SafeZip.Extract(path, folder, options);
            var name = display;
            foreach (var file in unpacked)
            {
                collected.DisplayNames[file] = name + "!" + Path.GetRelativePath(folder, file).Replace('\\', '/');
                // Zips inside zips are not unpacked: a study is one archive level deep.
                if (NiftiReader.LooksLikeNifti(file)) collected.NiftiFiles.Add(file);
                else collected.CandidateFiles.Add(file);
            }
        }
        else
        {
            collected.CandidateFiles.Add(path);
        }
        collected.DisplayNames.TryAdd(path, display);
    }

    private static bool IsZip(string path)
    {
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) return true;
        Span<byte> magic = stackalloc byte[4];
        try
        {
            using var f = File.OpenRead(path);
            return f.Read(magic) == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string NewTempFolder(ReadOptions options)
    {
        var root = options.TempRoot ?? Path.GetTempPath();
        var folder = Path.Combine(root, "chestscreener-unzip-" + Guid.NewGuid().ToString("N")[..12]);
        // Owner-only from the moment it exists: it holds patient images, and the default root (/tmp) is shared.
        ChestScreener.Files.ProcessTempFolder.CreatePrivate(folder);
        return folder;
    }
}
