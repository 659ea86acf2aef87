using System.CommandLine;
using ChestScreener.Cli.Commands;
using ChestScreener.Tests;
using MiniExcelLibs;

namespace ChestScreener.Cli.Tests;

public class AnalyzeCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) =>
        RunWith(FakePipeline.Create, args);

    private static (int Code, string Out, string Err) RunWith(Func<AnalyzeSettings, Pipeline.StudyPipeline> factory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var command = AnalyzeCommand.Create(factory, output, error);
        int code = command.Parse(args).Invoke();
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Studies(TempFolder t, params string[] names)
    {
        foreach (var n in names) AnalyzeInputsTests.WriteDicom(t.File($"in/{n}/1.dcm"), "1.2.3");
        return names.Select(n => t.File($"in/{n}")).ToArray();
    }

    [Fact]
    public void Batch_with_rejections_exits_0_writes_folders_and_one_summary_row_per_input()
    {
        using var t = TestData.NewTempFolder();
        var inputs = Studies(t, "lesion", "normal", "reject-mr");
        var (code, output, _) = Run([.. inputs, "--out", t.File("out"), "--format", "json,xlsx,csv"]);

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^\[1/3\] ok +pathology p=\d\.\d\d  1 finding, top right_lung_upper  lesion -> ", lines[0]);
        Assert.Contains("normal", lines[1]);
        Assert.Contains("rejected  not_ct: modality is MR, not CT  reject-mr", lines[2]);
        Assert.StartsWith("3 inputs: 2 ok (1 pathology), 1 rejected, 0 failed", lines[3]);

        Assert.True(File.Exists(t.File($"out/{FakePipeline.Uid("lesion")}/result.json")));
        Assert.True(File.Exists(t.File("out/reject-mr/result.json")), "rejected inputs get a folder named after the input");
        var csv = File.ReadAllLines(t.File("out/summary.csv"));
        Assert.Equal(4, csv.Length);
        Assert.Contains(",1,Success,", csv[1]);
        Assert.Contains(",0,Success,", csv[2]);
        Assert.Contains(",Failure,", csv[3]);
        var rows = MiniExcel.Query(t.File("out/summary.xlsx"), useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(inputs, rows.Select(r => r["path_to_study"]?.ToString()));
    }

    [Fact]
    public void Rerun_skips_finished_studies_unless_forced_and_retries_failed_ones()
    {
        using var t = TestData.NewTempFolder();
        var inputs = Studies(t, "lesion", "reject-x", "fail-y");
        string[] args = [.. inputs, "--out", t.File("out"), "--format", "json,csv"];
        var first = Run(args);
        Assert.Equal(1, first.Code);
        Assert.Contains("failed    internal_error: InvalidOperationException: disk on fire", first.Out);
        Assert.Contains("failed unexpectedly", first.Err);

        var before = FakePipeline.Loads;
        var second = Run(args);
        Assert.Equal(1, second.Code);
        Assert.Equal(2, second.Out.Split('\n').Count(l => l.Contains(" skipped ")));
        Assert.Equal(before + 1, FakePipeline.Loads); // only the failed one ran again
        Assert.Equal(4, File.ReadAllLines(t.File("out/summary.csv")).Length);

        var third = Run([.. args, "--force"]);
        Assert.DoesNotContain(" skipped ", third.Out);
        // Forced reruns reuse the same folders rather than making -2 copies.
        Assert.Equal(3, Directory.GetDirectories(t.File("out")).Length);
    }

    [Fact]
    public void Asking_for_more_formats_redoes_studies_whose_outputs_are_missing()
    {
        using var t = TestData.NewTempFolder();
        var inputs = Studies(t, "lesion");
        Run([.. inputs, "--out", t.File("out"), "--format", "json"]);
        var again = Run([.. inputs, "--out", t.File("out"), "--format", "json,nifti"]);
        Assert.DoesNotContain(" skipped ", again.Out);
        Assert.True(File.Exists(t.File($"out/{FakePipeline.Uid("lesion")}/anomaly.nii.gz")));
    }

    [Fact]
    public void Bad_options_fail_fast_with_exit_2_before_the_model_is_loaded()
    {
        using var t = TestData.NewTempFolder();
        var inputs = Studies(t, "lesion");
        Func<AnalyzeSettings, Pipeline.StudyPipeline> boom = _ => throw new InvalidOperationException("model must not load");
        var (code, output, error) = RunWith(boom, [.. inputs, "--format", "json,docx", "--threads", "-1", "--model", t.File("nomodel")]);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("unknown format 'docx'", error);
        Assert.Contains("--threads must be between 1 and 256", error);
        Assert.Contains("--model", error);

        var missing = RunWith(boom, [t.File("nothing-here")]);
        Assert.Equal(2, missing.Code);
        Assert.Contains("does not exist", missing.Err);
    }

    [Fact]
    public void Model_that_cannot_load_is_a_usage_error_with_a_hint()
    {
        using var t = TestData.NewTempFolder();
        var (code, _, error) = RunWith(_ => throw new FileNotFoundException("model.json not found"), [.. Studies(t, "lesion"), "--out", t.File("o")]);
        Assert.Equal(2, code);
        Assert.Contains("cannot load the model: model.json not found", error);
    }

    [Fact]
    public void Program_returns_2_for_parse_errors()
    {
        Assert.Equal(2, Program.Main(["analyze"]));
        Assert.Equal(2, Program.Main(["analyze", "x", "--threads", "many"]));
    }
}
