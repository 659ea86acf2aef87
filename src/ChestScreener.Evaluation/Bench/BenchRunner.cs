using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ChestScreener.Model;
using ChestScreener.Pipeline;
using ChestScreener.Reports;
using ChestScreener.Results;

namespace ChestScreener.Evaluation.Bench;

/// <summary>
/// `screener bench`: runs the whole pipeline R times on one study (no report files) and reports each stage's median,
/// minimum and maximum, the process's peak memory, dcm2niix's time on the same folder, and one descriptor forward pass.
/// </summary>
public static class BenchRunner
{
    public static BenchReport Run(BenchOptions o, Action<string>? log = null)
    {
        string modelDir = Path.GetFullPath(o.ModelDirectory ?? ModelPackage.DefaultDirectory());
        var notes = new List<string>();
        var stages = new Dictionary<string, List<double>>();
        string model = "";
        using (var pipeline = StudyPipeline.CreateDefault(modelDir, new PipelineOptions { Threads = o.Threads, Formats = OutputFormats.Json }))
        {
            model = $"{pipeline.Model.Name} {pipeline.Model.Version}";
            for (int r = 0; r < o.Repeat; r++)
            {
                var run = pipeline.Run(o.Input, [o.Input]);
                var res = run.Result;
                if (res.Status != ResultStatus.Ok) throw new InvalidOperationException($"bench: {o.Input} was {res.Status.ToWire()}: {res.Rejection?.Message}");
                foreach (var (k, v) in res.TimingS)
                {
                    if (!stages.TryGetValue(k, out var list)) stages[k] = list = [];
                    list.Add(v);
                }
                log?.Invoke($"run {r + 1}/{o.Repeat}: " + string.Join(", ", res.TimingS.Select(kv => kv.Key + " " + kv.Value.ToString("0.00", CultureInfo.InvariantCulture) + " s")));
            }
        }
        var report = new BenchReport
        {
            Input = Path.GetFullPath(o.Input),
            Threads = o.Threads,
            Repeat = o.Repeat,
            Machine = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}",
            Model = model,
            StagesS = stages.ToDictionary(kv => kv.Key, kv => Stat.Of(kv.Value)),
            PeakMemoryMb = Math.Round(PeakMemory.Bytes() / 1048576.0, 1),
        };
        double load = report.StagesS.TryGetValue(StageNames.Load, out var l) ? l.Median : double.NaN;
        double modelStage = report.StagesS.TryGetValue(StageNames.Model, out var m) ? m.Median : double.NaN;
        double total = report.StagesS.TryGetValue("total", out var t) ? t.Median : double.NaN;

        if (o.Dcm2Niix && Directory.Exists(o.Input) && Dcm2NiixTimer.Find() is { } exe)
        {
            var d = Stat.Of(Dcm2NiixTimer.Time(exe, o.Input, o.Repeat));
            report = report with { Dcm2NiixS = d, LoadVsDcm2Niix = Math.Round(load / d.Median, 3) };
        }
        else notes.Add("dcm2niix not timed (not installed, disabled, or the input is not a DICOM folder)");

        var f = ForwardPassTimer.Time(modelDir, o.Threads, o.Repeat);
        report = report with
        {
            ForwardWindow = f.WindowSize,
            ForwardPassS = f.Seconds,
            ModelVsForwardPass = Math.Round(modelStage / f.Seconds.Median, 2),
            TotalVsForwardPass = Math.Round(total / f.Seconds.Median, 2),
            Notes = notes,
        };
        return report;
    }

    /// <summary>The report as a markdown table (for docs/BENCHMARKS.md).</summary>
    public static string Markdown(BenchReport r)
    {
        var sb = new StringBuilder();
        void L(FormattableString s) => sb.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        L($"Input `{r.Input}`, {r.Threads} threads, {r.Repeat} repeats, model {r.Model}; {r.Machine}.");
        L($"");
        L($"| stage | median s | min s | max s |");
        L($"|---|---:|---:|---:|");
        foreach (var (k, s) in r.StagesS) L($"| {k} | {s.Median:0.00} | {s.Min:0.00} | {s.Max:0.00} |");
        if (r.Dcm2NiixS is { } d) L($"| dcm2niix (same folder, to .nii) | {d.Median:0.00} | {d.Min:0.00} | {d.Max:0.00} |");
        if (r.ForwardPassS is { } f) L($"| one descriptor forward pass ({r.ForwardWindow}³ window) | {f.Median:0.000} | {f.Min:0.000} | {f.Max:0.000} |");
        L($"");
        L($"Peak memory (VmHWM): {r.PeakMemoryMb:0} MB.");
        if (r.LoadVsDcm2Niix is { } a) L($"Load / dcm2niix: {a:0.00}.");
        if (r.ModelVsForwardPass is { } b) L($"Model stage / one forward pass: {b:0.0}; total / one forward pass: {r.TotalVsForwardPass:0.0}.");
        foreach (var n in r.Notes) L($"Note: {n}.");
        return sb.ToString();
    }
}
