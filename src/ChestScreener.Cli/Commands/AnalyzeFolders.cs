using System.Text;
using ChestScreener.Pipeline;
using ChestScreener.Reports;
using ChestScreener.Results;

namespace ChestScreener.Cli.Commands;

/// <summary>
/// The output folder layout of `screener analyze`: DIR/&lt;study_uid&gt;/ for analysed studies, DIR/&lt;safe input name&gt;/
/// when there is no UID (rejected inputs, NIfTI), with -2, -3 ... on a clash. An earlier run is recognised by the
/// "input" field of each DIR/*/result.json, which is how a rerun finds (and skips) what is already done.
/// </summary>
public sealed class AnalyzeFolders
{
    private readonly string _root;
    private readonly Dictionary<string, (string Folder, StudyResult Result)> _previous = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public AnalyzeFolders(string root)
    {
        _root = Path.GetFullPath(root);
        if (!Directory.Exists(_root)) return;
        foreach (var dir in Directory.GetDirectories(_root))
        {
            var file = Path.Combine(dir, StudyPipeline.ResultFileName);
            if (!File.Exists(file)) continue;
            try
            {
                var result = ResultJson.Deserialize(File.ReadAllText(file));
                _previous[result.Input] = (dir, result);
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
            {
                // An unreadable result.json is treated as "not done".
            }
        }
    }

    /// <summary>The earlier result for this input when its folder has every output these formats need; failed runs are never "done".</summary>
    public StudyResult? Done(string input, OutputFormats formats)
    {
        if (!_previous.TryGetValue(input, out var p) || p.Result.Status == ResultStatus.Failed) return null;
        foreach (var f in StudyReportWriter.ExpectedFiles(formats, p.Result.Status == ResultStatus.Ok))
        {
            if (!File.Exists(Path.Combine(p.Folder, f))) return null;
        }
        _taken.Add(p.Folder);
        return p.Result;
    }

    /// <summary>Picks (and empties of old outputs) the folder for a fresh result.</summary>
    public string Choose(StudyResult result)
    {
        string folder;
        if (_previous.TryGetValue(result.Input, out var p) && !_taken.Contains(p.Folder))
        {
            folder = p.Folder;
            ClearOutputs(folder);
        }
        else
        {
            var name = result.StudyUid.Length > 0 ? SafeName(result.StudyUid) : SafeName(NameWithoutUid(result.Input));
            folder = Path.Combine(_root, name);
            for (int k = 2; _taken.Contains(folder) || BelongsToAnother(folder, result.Input); k++) folder = Path.Combine(_root, $"{name}-{k}");
        }
        _taken.Add(folder);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// The folder name of an input without a Study Instance UID. A NIfTI file is named with its folder, because NIfTI
    /// collections keep one generic file name per patient folder (lidc-idri-0001/ct.nii.gz becomes lidc-idri-0001_ct,
    /// not ct.nii.gz, ct.nii.gz-2, ...); anything else keeps its own name.
    /// </summary>
    public static string NameWithoutUid(string input)
    {
        var trimmed = input.TrimEnd('/', '\\');
        var name = Path.GetFileName(trimmed);
        var stem = name.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) ? name[..^7]
            : name.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) ? name[..^4] : null;
        if (stem is null) return name;
        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(trimmed)) ?? "");
        return string.IsNullOrEmpty(folder) ? stem : $"{folder}_{stem}";
    }

    /// <summary>Letters, digits, '.', '-' and '_' only; never empty, never starting with a dot, at most 100 characters.</summary>
    public static string SafeName(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var ch in name) sb.Append(char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '_' ? ch : '_');
        var s = sb.ToString().TrimStart('.');
        if (s.Length > 100) s = s[..100];
        return s.Length == 0 ? "input" : s;
    }

    private bool BelongsToAnother(string folder, string input)
    {
        if (!Directory.Exists(folder)) return false;
        foreach (var (other, prev) in _previous)
        {
            if (prev.Folder == folder) return other != input;
        }
        // A folder we did not write (no result.json): leave it alone unless it is empty.
        return Directory.EnumerateFileSystemEntries(folder).Any();
    }

    private static void ClearOutputs(string folder)
    {
        foreach (var f in Directory.GetFiles(folder))
        {
            var n = Path.GetFileName(f);
            if (n == StudyPipeline.ResultFileName || n == StudyReportWriter.PdfName || n.EndsWith(".nii.gz", StringComparison.Ordinal)
                || n == "regions.json" || n.EndsWith(".png", StringComparison.Ordinal))
                File.Delete(f);
        }
    }
}
