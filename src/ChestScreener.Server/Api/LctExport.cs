using System.Globalization;
using ChestScreener.Results;
using MiniExcel = MiniExcelLibs.MiniExcel;
using ExcelType = MiniExcelLibs.ExcelType;

namespace ChestScreener.Server.Api;

/// <summary>The LCT table of all finished studies as xlsx, columns in DESIGN.md order.</summary>
public static class LctExport
{
    public static readonly string[] Columns =
    [
        "path_to_study", "study_uid", "series_uid", "probability_of_pathology", "pathology", "processing_status",
        "time_of_processing", "most_dangerous_pathology_type", "pathology_localization",
    ];

    public static byte[] ToXlsx(IEnumerable<StudyResult> results)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var r in results) rows.Add(Row(r));
        object sheet = rows;
        if (rows.Count == 0)
        {
            var table = new System.Data.DataTable("studies");
            foreach (var c in Columns) table.Columns.Add(c);
            sheet = table;
        }
        using var stream = new MemoryStream();
        MiniExcel.SaveAs(stream, sheet, sheetName: "studies", excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    public static Dictionary<string, object?> Row(StudyResult r)
    {
        var ok = r.Status == "ok";
        var top = ok && r.Findings is { Count: > 0 } f ? f[0] : null;
        r.TimingS.TryGetValue("total", out var total);
        object?[] values =
        [
            r.Input, r.StudyUid, r.SeriesUid,
            ok ? Math.Round(r.ProbabilityOfPathology ?? 0, 4) : null,
            ok ? (r.Verdict == "pathology" ? 1 : 0) : null,
            ok ? "Success" : "Failure",
            Math.Round(total, 2),
            // An anomaly detector has no pathology classes: the type is "anomaly" plus where the top finding lies.
            top is null ? "" : $"anomaly:{top.Region}",
            top is null ? "" : Localization(top.BboxMmLps),
        ];
        var row = new Dictionary<string, object?>(Columns.Length);
        for (var i = 0; i < Columns.Length; i++) row[Columns[i]] = values[i];
        return row;
    }

    private static string Localization(BoxMm b) => string.Join(",",
        F(b.Min[0]), F(b.Max[0]), F(b.Min[1]), F(b.Max[1]), F(b.Min[2]), F(b.Max[2]));

    private static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
}
