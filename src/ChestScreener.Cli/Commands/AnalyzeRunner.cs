using System.Diagnostics;
using System.Globalization;
using ChestScreener.Pipeline;
using ChestScreener.Reports;
using ChestScreener.Reports.Table;
using ChestScreener.Results;

namespace ChestScreener.Cli.Commands;

/// <summary>
/// Runs `screener analyze` on validated settings: each study through the pipeline (skipping ones already done unless
/// --force), one line per study, then summary.xlsx / summary.csv with one row per input. Exit 0 when every input got a
/// result (ok or rejected), 1 when any failed.
/// </summary>
public sealed class AnalyzeRunner(AnalyzeSettings settings, StudyPipeline pipeline, TextWriter output, TextWriter error)
{
    public const string SummaryXlsx = "summary.xlsx";
    public const string SummaryCsv = "summary.csv";

    public int Run(bool interactive)
    {
        Directory.CreateDirectory(settings.OutDir);
        var folders = new AnalyzeFolders(settings.OutDir);
        var results = new List<StudyResult>(settings.Inputs.Count);
        var progress = AnalyzeProgress.Create(output, error, interactive);
        var clock = Stopwatch.StartNew();
        int analysed = 0;
        double analysedSeconds = 0;
        int n = settings.Inputs.Count;

        progress.Run(n, p =>
        {
            for (int i = 0; i < n; i++)
            {
                var input = settings.Inputs[i];
                var prefix = $"[{(i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(n.ToString(CultureInfo.InvariantCulture).Length)}/{n}]";
                var done = settings.Force ? null : folders.Done(input.Path, settings.Formats);
                if (done is not null)
                {
                    results.Add(done);
                    p.StudyFinished($"{prefix} skipped   {Describe(done)}  {input.Name}  (done before; --force to redo)");
                    continue;
                }
                TimeSpan? eta = analysed == 0 ? null : TimeSpan.FromSeconds(analysedSeconds / analysed * (n - i));
                p.StudyStarted(i, input.Name, eta);
                var run = pipeline.Run(input.Path, input.Files, folders.Choose, p.Stage);
                results.Add(run.Result);
                analysed++;
                analysedSeconds += run.Result.TimingS.GetValueOrDefault("total");
                var where = run.Folder is null ? "" : $" -> {Relative(run.Folder)}";
                p.StudyFinished($"{prefix} {run.Result.Status.ToWire(),-9} {Describe(run.Result)}  {input.Name}{where}  ({run.Result.TimingS.GetValueOrDefault("total").ToString("0.0", CultureInfo.InvariantCulture)} s)");
            }
        });

        var rows = results.Select(LctRow.From).ToList();
        var summaries = new List<string>();
        if (settings.Formats.HasFlag(OutputFormats.Xlsx)) { LctTable.WriteXlsx(Path.Combine(settings.OutDir, SummaryXlsx), rows); summaries.Add(SummaryXlsx); }
        if (settings.Formats.HasFlag(OutputFormats.Csv)) { LctTable.WriteCsv(Path.Combine(settings.OutDir, SummaryCsv), rows); summaries.Add(SummaryCsv); }

        int ok = results.Count(r => r.Status == ResultStatus.Ok), rejected = results.Count(r => r.Status == ResultStatus.Rejected), failed = results.Count(r => r.Status == ResultStatus.Failed);
        int pathology = results.Count(r => r.Verdict == Verdict.Pathology);
        var table = summaries.Count == 0 ? "" : $"; summary: {string.Join(", ", summaries.Select(s => Relative(Path.Combine(settings.OutDir, s))))}";
        output.WriteLine($"{n} input{(n == 1 ? "" : "s")}: {ok} ok ({pathology} pathology), {rejected} rejected, {failed} failed in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s{table}");
        if (failed > 0) error.WriteLine($"screener analyze: {failed} input(s) failed unexpectedly; see the \"rejection\" message in their result.json");
        return failed > 0 ? ExitCodes.Failure : ExitCodes.Ok;
    }

    /// <summary>verdict/probability/findings for ok, code and message for the rest; one line, no newlines.</summary>
    public static string Describe(StudyResult r)
    {
        if (r.Status == ResultStatus.Ok)
        {
            var findings = r.Findings ?? [];
            var top = findings.Count > 0 ? $", top {findings[0].Region}" : "";
            var p = (r.ProbabilityOfPathology ?? 0).ToString("0.00", CultureInfo.InvariantCulture);
            return $"{r.Verdict?.ToWire(),-9} p={p}  {findings.Count} finding{(findings.Count == 1 ? "" : "s")}{top}";
        }
        var message = (r.Rejection?.Message ?? "").ReplaceLineEndings(" ");
        if (message.Length > 140) message = message[..140] + "…";
        return $"{r.Rejection?.Code}: {message}";
    }

    private static string Relative(string path)
    {
        var rel = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return rel.StartsWith("..", StringComparison.Ordinal) && rel.Length > path.Length ? path : rel;
    }
}
