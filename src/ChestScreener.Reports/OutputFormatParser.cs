namespace ChestScreener.Reports;

/// <summary>Parses and prints the comma-separated --format list (json,pdf,xlsx,csv,nifti,png).</summary>
public static class OutputFormatParser
{
    private static readonly (string Name, OutputFormats Format)[] Names =
    [
        ("json", OutputFormats.Json), ("pdf", OutputFormats.Pdf), ("xlsx", OutputFormats.Xlsx),
        ("csv", OutputFormats.Csv), ("nifti", OutputFormats.Nifti), ("png", OutputFormats.Png), ("dicom", OutputFormats.Dicom),
    ];

    /// <summary>Throws <see cref="FormatException"/> naming the bad entry and the valid ones; json is always included.</summary>
    public static OutputFormats Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return OutputFormats.Default;
        var formats = OutputFormats.Json;
        foreach (var raw in text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var item = raw.Trim().ToLowerInvariant();
            if (item == "all") { formats |= OutputFormats.All; continue; }
            if (item is "nii" or "nii.gz") item = "nifti";
            var match = Array.Find(Names, n => n.Name == item);
            if (match.Name is null) throw new FormatException($"unknown format '{raw.Trim()}' (valid: {ValidNames}, all)");
            formats |= match.Format;
        }
        return formats;
    }

    public static string ValidNames => string.Join(",", Array.ConvertAll(Names, n => n.Name));

    public static string ToText(OutputFormats formats)
    {
        var parts = new List<string>();
        foreach (var (name, format) in Names) if (formats.HasFlag(format)) parts.Add(name);
        return string.Join(",", parts);
    }
}
