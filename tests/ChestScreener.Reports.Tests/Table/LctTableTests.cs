using ChestScreener.Reports.Table;
using ChestScreener.Results;
using ChestScreener.Tests;
using MiniExcelLibs;

namespace ChestScreener.Reports.Tests.Table;

public class LctTableTests
{
    private static List<LctRow> Rows()
    {
        var ok = SyntheticStudy.Create().Result with { TimingS = new() { ["total"] = 12.3456 } };
        var rejected = StudyResult.Rejected("/in/us.dcm", new ScreenerException(RejectionCode.NotCt, "ultrasound, not CT")) with { TimingS = new() { ["total"] = 0.1 } };
        return [LctRow.From(ok), LctRow.From(rejected)];
    }

    [Fact]
    public void Csv_has_the_contract_columns_in_order_and_quotes_the_localization()
    {
        using var temp = TestData.NewTempFolder();
        LctTable.WriteCsv(temp.File("summary.csv"), Rows());
        var lines = File.ReadAllLines(temp.File("summary.csv"));
        Assert.Equal("path_to_study,study_uid,series_uid,probability_of_pathology,pathology,processing_status,time_of_processing,most_dangerous_pathology_type,pathology_localization", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("/data/studies/phantom-001.zip,1.2.826.0.1.3680043.8.498.1,1.2.826.0.1.3680043.8.498.1.2,0.97,1,Success,12.35,anomaly:right_lung_upper,\"", lines[1]);
        // x_min,x_max,y_min,y_max,z_min,z_max of the top finding's box.
        var loc = lines[1][(lines[1].IndexOf('"') + 1)..^1].Split(',').Select(double.Parse).ToArray();
        var box = SyntheticStudy.Create().Result.Findings![0].BboxMmLps;
        Assert.Equal([box.Min[0], box.Max[0], box.Min[1], box.Max[1], box.Min[2], box.Max[2]], loc, (a, b) => Math.Abs(a - b) < 0.051);
        Assert.Equal("/in/us.dcm,,,,,Failure,0.1,,", lines[2]);
    }

    [Fact]
    public void Xlsx_reads_back_with_one_row_per_study_and_typed_cells()
    {
        using var temp = TestData.NewTempFolder();
        var path = temp.File("summary.xlsx");
        LctTable.WriteXlsx(path, Rows());
        var rows = MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(LctRow.Columns, rows[0].Keys.ToArray());
        Assert.Equal(0.97, Convert.ToDouble(rows[0]["probability_of_pathology"]), 6);
        Assert.Equal(1, Convert.ToInt32(rows[0]["pathology"]));
        Assert.Equal("Success", rows[0]["processing_status"]);
        Assert.Equal("Failure", rows[1]["processing_status"]);
        Assert.True(rows[1]["probability_of_pathology"] is null || rows[1]["probability_of_pathology"] as string == "");
    }

    [Fact]
    public void Empty_table_still_has_the_header()
    {
        using var temp = TestData.NewTempFolder();
        LctTable.WriteXlsx(temp.File("e.xlsx"), []);
        LctTable.WriteCsv(temp.File("e.csv"), []);
        Assert.Single(File.ReadAllLines(temp.File("e.csv")));
        var header = (IDictionary<string, object?>)MiniExcel.Query(temp.File("e.xlsx")).Single();
        Assert.Equal(LctRow.Columns, header.Values.Select(v => v?.ToString()).ToArray());
    }
}
