using System.Diagnostics;
using ChestScreener.Anatomy;
using ChestScreener.Dicom;
using ChestScreener.Evaluation.Metrics;
using ChestScreener.Pipeline;
using ChestScreener.Pipeline.Stages;
using ChestScreener.Reports;
using ChestScreener.Results;

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
    private readonly IVolumeSource _source;
    private readonly IAnatomyStage _anatomy;
    private readonly IAnomalyStage _anomaly;
    private readonly Func<string, IAnomalyStage>? _loadModel;
    private readonly Action<string>? _log;

    /// <param name="loadModel">Loads the model of a row's "model" column (cross-validation folds); null = such rows are refused.</param>
    public EvalRunner(EvalOptions options, IVolumeSource source, IAnatomyStage anatomy, IAnomalyStage anomaly, Action<string>? log = null, Func<string, IAnomalyStage>? loadModel = null)
    {
        _options = options;
        _source = source;
        _anatomy = anatomy;
        _anomaly = anomaly;
        _loadModel = loadModel;
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
            gate = gate with { MaxMissingFraction = double.PositiveInfinity };
        }
        var anomaly = ModelAnomalyStage.Load(options.ModelDirectory, options.Threads);
        return new EvalRunner(options, new DicomVolumeSource(read), new GatedAnatomyStage(gate), anomaly, log, dir => ModelAnomalyStage.Load(dir, options.Threads));
    }

    public EvalReport Run()
    {
        var rows = EvalManifest.Read(_options.ManifestPath);
        var clock = Stopwatch.StartNew();
        var results = Path.Combine(_options.OutputFolder, "results");
        Directory.CreateDirectory(results);
        var pipelineOptions = new PipelineOptions { Threads = _options.Threads, Formats = OutputFormats.Json };
        // Each lesion study with a mask is also run re-sliced to the requested thicknesses (robustness to slice thickness).
        var runs = rows.SelectMany(r => new double?[] { null }.Concat(r.IsPathology && r.Mask.Length > 0 ? _options.ResliceMm.Select(t => (double?)t) : [])
            .Select(t => (Row: r, Reslice: t))).ToList();
        var models = new Dictionary<string, IAnomalyStage>();
        var outcomes = new List<StudyOutcome>();
        var pooled = new ScoreHistogram();
        StudyPipeline? last = null;
        try
        {
            for (int n = 0; n < runs.Count; n++)
            {
                var (row, reslice) = runs[n];
                var anomaly = ModelFor(row, models);
                IVolumeSource source = reslice is double t ? new ThickSliceSource(_source, t) : _source;
                var stages = new CapturingStages(source, _anatomy, anomaly);
                // Not disposed per row: the pipeline would dispose the model it shares with other rows (disposed below).
                last = new StudyPipeline(stages.Source, stages.Anatomy, stages.Anomaly, pipelineOptions);
                string folder = reslice is double r ? $"{row.Study}-{r:0.#}mm" : row.Study;
                var run = last.Run(row.Path, [row.Path], _ => Path.Combine(results, folder));
                var outcome = Compare(row, run.Result, stages, pooled, reslice);
                outcomes.Add(outcome);
                _log?.Invoke($"[{n + 1}/{runs.Count}] {folder} ({row.Label}): {Describe(outcome)}");
            }
            var report = EvalSummary.Aggregate(_options, last?.Options ?? pipelineOptions, _anomaly.Decision, _anomaly.Model, outcomes, pooled, clock.Elapsed.TotalSeconds);
            // Rows scored by their own (cross-validation fold) models: the title names those, not the default model.
            if (models.Count > 0)
                report = report with { Model = string.Join(", ", models.Values.Select(m => $"{m.Model.Name} {m.Model.Version}").Distinct()) + (runs.Any(x => x.Row.Model.Length == 0) ? $", {report.Model}" : "") };
            Directory.CreateDirectory(_options.OutputFolder);
            File.WriteAllText(Path.Combine(_options.OutputFolder, "eval.json"), System.Text.Json.JsonSerializer.Serialize(report, EvalReport.JsonOptions));
            EvalPlots.WriteRoc(Path.Combine(_options.OutputFolder, "roc.png"), outcomes, report);
            EvalPlots.WriteScores(Path.Combine(_options.OutputFolder, "scores.png"), outcomes, report.ShippedVolumeLimitMm3);
            File.WriteAllText(Path.Combine(_options.OutputFolder, "summary.md"), EvalMarkdown.Render(report));
            return report;
        }
        finally
        {
            foreach (var m in models.Values) m.Dispose();
            _anomaly.Dispose();
        }
    }

    private IAnomalyStage ModelFor(ManifestRow row, Dictionary<string, IAnomalyStage> models)
    {
        if (row.Model.Length == 0) return _anomaly;
        if (models.TryGetValue(row.Model, out var m)) return m;
        if (_loadModel is null) throw new InvalidOperationException($"{row.Study}: the manifest names a model ({row.Model}) but this runner cannot load models");
        return models[row.Model] = _loadModel(row.Model);
    }

    private StudyOutcome Compare(ManifestRow row, Results.StudyResult r, CapturingStages stages, ScoreHistogram pooled, double? reslice)
    {
        bool? topHit = null, anyHit = null;
        double? voxelAuc = null;
        LesionScores? lesions = null;
        var ct = stages.Ct;
        if (r.Status == ResultStatus.Ok && ct is not null && row.IsPathology)
        {
            var truth = TruthComparer.LabelsOnGrid(row, ct.Geometry);
            if (truth is not null)
            {
                var findings = r.Findings ?? [];
                topHit = findings.Count > 0 && TruthComparer.Hits(findings[0], truth, ct.Geometry);
                anyHit = findings.Any(f => TruthComparer.Hits(f, truth, ct.Geometry));
                if (stages.Scores is { } scores && row.Mask.Length > 0)
                {
                    var h = TruthComparer.VoxelHistogram(scores, truth, stages.AnatomyResult?.Body);
                    voxelAuc = h.Auc();
                    if (reslice is null) pooled.Add(h);
                    if (LesionTruth.Load(row, ct.Geometry, _options.Threads) is { } lt)
                        lesions = LesionScoring.Measure(lt, scores, stages.AnatomyResult, findings, stages.Anomaly.Decision.VoxelThreshold);
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
            Patient = row.Patient, Fold = row.Fold, ResliceMm = reslice,
            LesionFreeAnomalousMm3 = lesions?.LesionFreeAnomalousMm3, LungFieldAuc = lesions?.LungFieldAuc, Lesions = lesions?.Lesions.ToList() ?? [],
        };
    }

    private static string Describe(StudyOutcome o) => o.Status == ResultStatus.Ok
        ? $"{o.Verdict?.ToWire()}, anomalous {o.AnomalousVolumeMm3:0} mm3, {o.Findings} findings{(o.TopFindingHit is bool h ? h ? ", top finding on the lesion" : o.Findings > 0 ? ", top finding elsewhere" : "" : "")}{(o.VoxelAuc is double a ? $", voxel AUROC {a:0.000}" : "")}{(o.LungFieldAuc is double lf ? $", lung-field AUROC {lf:0.000}, lesion-free {o.LesionFreeAnomalousMm3:0} mm3, lesions >= 6 mm flagged {o.Lesions.Count(l => l.DiameterMm >= 6 && l.Flagged)}/{o.Lesions.Count(l => l.DiameterMm >= 6)}" : "")}, {o.TotalSeconds:0.0} s"
        : $"{o.Status.ToWire()} ({o.RejectionCode}): {o.RejectionMessage}";
}
