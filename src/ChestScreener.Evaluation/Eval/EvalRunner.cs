using System.Diagnostics;
using ChestScreener.Anatomy;
using ChestScreener.Dicom;
using ChestScreener.Evaluation.Metrics;
using ChestScreener.Pipeline;
using ChestScreener.Pipeline.Stages;
using ChestScreener.Reports;

namespace ChestScreener.Evaluation.Eval;

/// <summary>
/// `screener eval`: runs the pipeline on every study of a labelled set and measures it against the truth: study-level
/// ROC (bootstrap CI), the shipped operating point and the one that keeps the target sensitivity, detection by lesion
/// kind and size, finding hits, voxel AUROC, gate behaviour and time. Writes eval.json, roc.png, scores.png, summary.md
/// and each study's result.json under results/.
/// </summary>
public sealed class EvalRunner
{
    private readonly EvalOptions _options;
    private readonly CapturingStages _stages;
    private readonly Action<string>? _log;

    public EvalRunner(EvalOptions options, IVolumeSource source, IAnatomyStage anatomy, IAnomalyStage anomaly, Action<string>? log = null)
    {
        _options = options;
        _stages = new CapturingStages(source, anatomy, anomaly);
        _log = log;
    }

    /// <summary>The real stages, with the slab allowances when <see cref="EvalOptions.Slabs"/> is set.</summary>
    public static EvalRunner CreateDefault(EvalOptions options, Action<string>? log = null)
    {
        var read = new ReadOptions { MaxThreads = options.Threads };
        var gate = ChestGateOptions.Default;
        if (options.Slabs)
        {
            read = read with { MinCoverageMm = options.SlabMinCoverageMm };
            gate = gate with { CutFraction = double.PositiveInfinity };
        }
        var anomaly = ModelAnomalyStage.Load(options.ModelDirectory, options.Threads);
        return new EvalRunner(options, new DicomVolumeSource(read), new GatedAnatomyStage(gate), anomaly, log);
    }

    public EvalReport Run()
    {
        var rows = EvalManifest.Read(_options.ManifestPath);
        var clock = Stopwatch.StartNew();
        var results = Path.Combine(_options.OutputFolder, "results");
        Directory.CreateDirectory(results);
        var pipelineOptions = new PipelineOptions { Threads = _options.Threads, Formats = OutputFormats.Json };
        using var pipeline = new StudyPipeline(_stages.Source, _stages.Anatomy, _stages.Anomaly, pipelineOptions);
        var outcomes = new List<StudyOutcome>();
        var pooled = new ScoreHistogram();
        for (int n = 0; n < rows.Count; n++)
        {
            var row = rows[n];
            _stages.Clear();
            var run = pipeline.Run(row.Path, [row.Path], _ => Path.Combine(results, row.Study));
            var outcome = Compare(row, run.Result, pooled);
            outcomes.Add(outcome);
            _log?.Invoke($"[{n + 1}/{rows.Count}] {row.Study} ({row.Label}): {Describe(outcome)}");
            _stages.Clear();
        }
        var report = EvalSummary.Aggregate(_options, pipeline.Options, _stages.Anomaly.Decision, pipeline.Model, outcomes, pooled, clock.Elapsed.TotalSeconds);
        Directory.CreateDirectory(_options.OutputFolder);
        File.WriteAllText(Path.Combine(_options.OutputFolder, "eval.json"), System.Text.Json.JsonSerializer.Serialize(report, EvalReport.JsonOptions));
        EvalPlots.WriteRoc(Path.Combine(_options.OutputFolder, "roc.png"), outcomes, report);
        EvalPlots.WriteScores(Path.Combine(_options.OutputFolder, "scores.png"), outcomes, report.ShippedVolumeLimitMm3);
        File.WriteAllText(Path.Combine(_options.OutputFolder, "summary.md"), EvalMarkdown.Render(report));
        return report;
    }

    private StudyOutcome Compare(ManifestRow row, Results.StudyResult r, ScoreHistogram pooled)
    {
        bool? topHit = null, anyHit = null;
        double? voxelAuc = null;
        var ct = _stages.Ct;
        if (r.Status == "ok" && ct is not null && row.IsPathology)
        {
            var truth = TruthComparer.TruthOnGrid(row, ct.Geometry);
            if (truth is not null)
            {
                var findings = r.Findings ?? [];
                topHit = findings.Count > 0 && TruthComparer.Hits(findings[0], truth, ct.Geometry);
                anyHit = findings.Any(f => TruthComparer.Hits(f, truth, ct.Geometry));
                if (_stages.Scores is { } scores && row.Mask.Length > 0)
                {
                    var h = TruthComparer.VoxelHistogram(scores, truth, _stages.AnatomyResult?.Body);
                    voxelAuc = h.Auc();
                    pooled.Add(h);
                }
            }
        }
        return new StudyOutcome
        {
            Study = row.Study, Label = row.Label, Kind = row.Kind, SizeMm = row.SizeMm, Variant = row.Variant, LesionMl = row.LesionMl,
            Status = r.Status, RejectionCode = r.Rejection?.Code, RejectionMessage = r.Rejection?.Message,
            Verdict = r.Verdict, Probability = r.ProbabilityOfPathology, AnomalousVolumeMm3 = r.AnomalousVolumeMm3,
            Findings = r.Findings?.Count ?? 0, TopFindingRegion = r.Findings is { Count: > 0 } f ? f[0].Region : null,
            TopFindingHit = topHit, AnyFindingHit = anyHit, VoxelAuc = voxelAuc is double v && !double.IsNaN(v) ? Math.Round(v, 4) : null,
            TotalSeconds = r.TimingS.TryGetValue("total", out var t) ? t : null, TimingS = r.TimingS,
        };
    }

    private static string Describe(StudyOutcome o) => o.Status == "ok"
        ? $"{o.Verdict}, anomalous {o.AnomalousVolumeMm3:0} mm3, {o.Findings} findings{(o.TopFindingHit is bool h ? h ? ", top finding on the lesion" : o.Findings > 0 ? ", top finding elsewhere" : "" : "")}{(o.VoxelAuc is double a ? $", voxel AUROC {a:0.000}" : "")}, {o.TotalSeconds:0.0} s"
        : $"{o.Status} ({o.RejectionCode}): {o.RejectionMessage}";
}
