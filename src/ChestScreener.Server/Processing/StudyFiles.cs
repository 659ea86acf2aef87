namespace ChestScreener.Server.Processing;

/// <summary>The result files a client may download, by the names of the API.</summary>
public static class StudyFiles
{
    public const string ResultJson = "result.json";
    public const string ReportPdf = "report.pdf";
    public const string Volume = "volume.nii.gz";
    /// <summary>The CT at reduced resolution (int16), which the viewer shows first while the full volume arrives.</summary>
    public const string VolumePreview = "volume-preview.nii.gz";
    public const string Anomaly = "anomaly.nii.gz";
    public const string Regions = "regions.nii.gz";

    public static readonly IReadOnlyList<string> All = [ResultJson, ReportPdf, Volume, VolumePreview, Anomaly, Regions];

    public static string ContentType(string name) => name switch
    {
        ResultJson => "application/json",
        ReportPdf => "application/pdf",
        _ => "application/gzip",
    };

    /// <summary>Files that never change once written (the images): served with an ETag and, under a versioned link, cached for good.</summary>
    public static bool IsImmutable(string name) => name.EndsWith(".nii.gz", StringComparison.Ordinal);

    /// <summary>Picks what the analysis reads from an upload folder: the single zip or NIfTI file, or the folder of DICOM files.</summary>
    public static string AnalysisInput(string inputFolder)
    {
        var files = Directory.GetFiles(inputFolder);
        if (files.Length == 1)
        {
            var name = files[0].ToLowerInvariant();
            if (name.EndsWith(".zip") || name.EndsWith(".nii") || name.EndsWith(".nii.gz")) return files[0];
        }
        return inputFolder;
    }
}
