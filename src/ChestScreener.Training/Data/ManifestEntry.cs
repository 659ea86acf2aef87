namespace ChestScreener.Training.Data;

/// <summary>
/// One study of a training manifest: the series, its exclusion boxes (LPS mm), a unique study name, the patient it
/// belongs to (cross-validation folds split by patient) and, when known, its lesion label map (for evaluation only;
/// training and fitting see the boxes).
/// </summary>
public sealed record ManifestEntry(string Path, IReadOnlyList<LpsBox> Exclude)
{
    private string? _name;
    private string? _patient;

    /// <summary>Unique within a manifest: the "name" column, else the file name without NIfTI extensions, else its folder when that is generic.</summary>
    public string Name { get => _name ?? NameFromPath(Path); init => _name = value; }

    /// <summary>The "patient" column, else the study name (one study per patient).</summary>
    public string Patient { get => _patient ?? Name; init => _patient = value; }

    /// <summary>Lesion label map on the study's grid (0 = none, k = lesion k), or null.</summary>
    public string? LesionMask { get; init; }

    /// <summary>
    /// "ct.nii.gz" or "image.nii" says nothing about the study; the folder it sits in does (corpus/lidc-idri-0001/ct.nii.gz).
    /// </summary>
    public static string NameFromPath(string path)
    {
        var trimmed = path.TrimEnd('/', '\\');
        string file = System.IO.Path.GetFileName(trimmed);
        string stem = file;
        foreach (var ext in new[] { ".nii.gz", ".nii", ".f32" })
            if (stem.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) { stem = stem[..^ext.Length]; break; }
        string[] generic = ["ct", "image", "img", "volume", "scan", "series", "data"];
        if (generic.Contains(stem.ToLowerInvariant()))
        {
            var parent = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(trimmed) ?? "");
            if (!string.IsNullOrEmpty(parent)) return parent;
        }
        return stem;
    }
}
