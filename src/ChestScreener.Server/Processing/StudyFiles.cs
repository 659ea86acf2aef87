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

    /// <summary>
    /// The DICOM results of a study read from DICOM (chestscreener-sr.dcm, chestscreener-sc-NN.dcm, chestscreener-seg.dcm),
    /// downloadable by name besides <see cref="All"/>; the name pattern keeps any other file of the output folder out of reach.
    /// </summary>
    public static bool IsDicomResult(string name) =>
        System.Text.RegularExpressions.Regex.IsMatch(name, @"^chestscreener-(sr|seg|sc-[0-9]{2})\.dcm$");

    public static string ContentType(string name) => name switch
    {
        ResultJson => "application/json",
        ReportPdf => "application/pdf",
        _ when IsDicomResult(name) => "application/dicom",
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
