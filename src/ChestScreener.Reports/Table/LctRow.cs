using System.Globalization;
using ChestScreener.Results;

namespace ChestScreener.Reports.Table;

/// <summary>One row of the LCT summary table (column order: docs/ARCHITECTURE.md, "LCT table"); null cells stay empty.</summary>
public sealed record LctRow
{
    /// <summary>Column names in the contract's order.</summary>
    public static readonly string[] Columns =
    [
        "path_to_study", "study_uid", "series_uid", "probability_of_pathology", "pathology", "processing_status",
        "time_of_processing", "most_dangerous_pathology_type", "pathology_localization",
    ];

    public string PathToStudy { get; init; } = "";
    public string StudyUid { get; init; } = "";
    public string SeriesUid { get; init; } = "";
    public double? ProbabilityOfPathology { get; init; }
    public int? Pathology { get; init; }
    /// <summary>Success when the study got a verdict; Failure when it was rejected or failed.</summary>
    public string ProcessingStatus { get; init; } = "Failure";
    public double TimeOfProcessing { get; init; }
    public string MostDangerousPathologyType { get; init; } = "";
    /// <summary>x_min,x_max,y_min,y_max,z_min,z_max of the top finding in LPS mm.</summary>
    public string PathologyLocalization { get; init; } = "";

    public static LctRow From(StudyResult r)
    {
        bool ok = r.Status == ResultStatus.Ok;
        var top = ok && r.Findings is { Count: > 0 } f ? f[0] : null;
        r.TimingS.TryGetValue("total", out var total);
        return new LctRow
        {
            PathToStudy = r.Input,
            StudyUid = r.StudyUid,
            SeriesUid = r.SeriesUid,
            ProbabilityOfPathology = ok ? Math.Round(r.ProbabilityOfPathology ?? 0, 4) : null,
            Pathology = ok ? (r.Verdict == Verdict.Pathology ? 1 : 0) : null,
            ProcessingStatus = ok ? "Success" : "Failure",
            TimeOfProcessing = Math.Round(total, 2),
            // An anomaly detector has no pathology classes: the type is "anomaly" plus where the top finding lies.
            MostDangerousPathologyType = top is null ? "" : $"anomaly:{top.Region}",
            PathologyLocalization = top is null ? "" : Localization(top.BboxMmLps),
        };
    }

    /// <summary>The cell values in column order (numbers as numbers, empty cells as null).</summary>
    public object?[] Values() =>
    [
        PathToStudy, StudyUid, SeriesUid, ProbabilityOfPathology, Pathology, ProcessingStatus, TimeOfProcessing,
        MostDangerousPathologyType, PathologyLocalization,
    ];

    private static string Localization(BoxMm box) => string.Join(",",
        F(box.Min[0]), F(box.Max[0]), F(box.Min[1]), F(box.Max[1]), F(box.Min[2]), F(box.Max[2]));

    private static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
}
