using ChestScreener.Anatomy;
using ChestScreener.Dicom;
using ChestScreener.Imaging;
using ChestScreener.Pipeline.Decision;
using ChestScreener.Pipeline.Findings;
using ChestScreener.Pipeline.Stages;
using ChestScreener.Reports;
using ChestScreener.Results;

namespace ChestScreener.Pipeline;

/// <summary>
/// One study end to end: ingest -> passport -> anatomy gate -> model -> findings -> decision -> reports -> result.json.
/// Every input ends in a result: a <see cref="ScreenerException"/> becomes status "rejected" with its code, any other
/// exception status "failed" (code internal_error) with its message. Stages sit behind small interfaces so tests can
/// run the composition on synthetic volumes.
/// </summary>
public sealed class StudyPipeline : IDisposable
{
    public const string ResultFileName = "result.json";

    private readonly IVolumeSource _source;
    private readonly IAnatomyStage _anatomy;
    private readonly IAnomalyStage _anomaly;

    public StudyPipeline(IVolumeSource source, IAnatomyStage anatomy, IAnomalyStage anomaly, PipelineOptions? options = null)
    {
        _source = source;
        _anatomy = anatomy;
        _anomaly = anomaly;
        // Resolved once here, so every stage receives the same positive count (0 = all cores, never "one thread").
        var o = options ?? new PipelineOptions();
        Options = o with { Threads = Parallelism.Resolve(o.Threads) };
    }

    /// <summary>The real stages: DICOM/NIfTI reader (with <paramref name="read"/>, e.g. where zips are unpacked), anatomy (engine from <paramref name="options"/>) + chest gate, and the model package (loaded now, so a bad --model fails before any study).</summary>
    public static StudyPipeline CreateDefault(string? modelDirectory, PipelineOptions options, ReadOptions? read = null)
    {
        var threads = Parallelism.Resolve(options.Threads);
        return new(new DicomVolumeSource((read ?? new ReadOptions()) with { MaxThreads = threads }), new AnatomyStage(options.TotalSegmentator), ModelAnomalyStage.Load(modelDirectory, threads), options);
    }

    public PipelineOptions Options { get; }
    public ModelInfo Model => _anomaly.Model;

    /// <summary>
    /// Analyses one study. <paramref name="chooseFolder"/> picks the output folder once the result is known (null: no
    /// files are written); <paramref name="onStage"/> hears each <see cref="StageNames"/> name as it starts.
    /// </summary>
    public StudyRun Run(string input, IReadOnlyList<string> files, Func<StudyResult, string>? chooseFolder = null, Action<string>? onStage = null)
    {
        var timer = new StageTimer();
        CtVolume? ct = null;
        AnatomyResult? anatomy = null;
        Volume<float>? scores = null;
        FindingSet? findings = null;
        StudyResult result;
        try
        {
            Enter(StageNames.Load, timer, onStage);
            // The previous study's CT-grid arrays (score map, labels, ids: most of a GB) are garbage by now; collecting
            // them before this study allocates its own keeps the process at one study's worth of memory. Timed as part
            // of the load, where the collection the first large allocation would trigger fell anyway.
            ReleaseGarbage();
            ct = _source.Load(files);

            Enter(StageNames.Anatomy, timer, onStage);
            anatomy = _anatomy.Analyze(ct, Options.Threads);
            RequireSameGrid(ct, anatomy.Labels.Geometry, "anatomy labels");

            ReleaseGarbage();
            Enter(StageNames.Model, timer, onStage);
            scores = _anomaly.Score(ct, anatomy);
            RequireSameGrid(ct, scores.Geometry, "anomaly scores");

            ReleaseGarbage();
            Enter(StageNames.Findings, timer, onStage);
            var thresholds = _anomaly.Decision;
            var findingOptions = FindingOptions.From(thresholds) with { Connectivity = Options.Connectivity, MaxFindings = Options.MaxFindings };
            findings = FindingExtractor.Extract(scores, anatomy.Labels, findingOptions, Options.Threads);
            var decision = StudyDecision.Decide(findings.AnomalousVolumeMm3, thresholds);
            timer.Stop();

            var warnings = new List<string>(ct.Warnings);
            // The anatomy stage's reservations (cut lung ends, body part) as "code: message" lines (shown in the PDF and viewer).
            warnings.AddRange(anatomy.Warnings.Select(w => w.ToString()));
            if (findings.UnlistedFindings > 0) warnings.Add($"{findings.UnlistedFindings} smaller findings are not listed (at most {findingOptions.MaxFindings} are)");
            result = new StudyResult
            {
                Input = input,
                Status = ResultStatus.Ok,
                StudyUid = ct.Info.StudyUid,
                SeriesUid = ct.Info.SeriesUid,
                Verdict = decision.Verdict,
                ProbabilityOfPathology = Math.Round(decision.Probability, 6),
                AnomalousVolumeMm3 = Math.Round(decision.AnomalousVolumeMm3, 1),
                VolumeLimitMm3 = thresholds.VolumeLimitMm3,
                VoxelThreshold = thresholds.VoxelThreshold,
                // Rounded from the rounded numbers, so the file's own numbers add up: total = sum of findings + other.
                OtherAnomalousVolumeMm3 = Math.Max(0, Math.Round(Math.Round(decision.AnomalousVolumeMm3, 1) - findings.Findings.Sum(f => f.AnomalousVolumeMm3 ?? 0), 1)),
                Patient = PatientTags.From(ct.Info),
                Findings = findings.Findings,
                Anatomy = anatomy.ToSummary(),
                Model = _anomaly.Model,
                Scored = thresholds.Scored,
                Warnings = warnings,
            };
        }
        catch (ScreenerException e)
        {
            timer.Stop();
            result = StudyResult.Rejected(input, e) with
            {
                StudyUid = ct?.Info.StudyUid ?? "",
                SeriesUid = ct?.Info.SeriesUid ?? "",
                Model = _anomaly.Model,
                Warnings = ct is null ? [] : [.. ct.Warnings],
            };
        }
        catch (Exception e)
        {
            timer.Stop();
            result = Failed(input, e) with { StudyUid = ct?.Info.StudyUid ?? "", SeriesUid = ct?.Info.SeriesUid ?? "", Model = _anomaly.Model };
        }

        string? folder = null;
        try
        {
            if (chooseFolder is not null)
            {
                Enter(StageNames.Report, timer, onStage);
                folder = chooseFolder(result);
                var artifacts = new StudyArtifacts
                {
                    Result = result with { TimingS = timer.Snapshot() },
                    Ct = ct,
                    Regions = anatomy?.Labels,
                    Scores = scores,
                    FindingIds = findings?.Ids,
                    VoxelThreshold = _anomaly.Decision.VoxelThreshold,
                    VolumeLimitMm3 = _anomaly.Decision.VolumeLimitMm3,
                };
                result.Warnings.AddRange(StudyReportWriter.Write(folder, artifacts, Options.Formats, Options.Threads));
            }
            result = result with { TimingS = timer.Finish() };
            if (folder is not null) ResultJson.WriteFile(Path.Combine(folder, ResultFileName), result);
        }
        catch (Exception e)
        {
            // The outputs themselves failed (disk full, no permission): still hand back a result.
            result = Failed(input, e) with { TimingS = timer.Finish(), Model = _anomaly.Model };
            folder = null;
        }
        return new StudyRun(result, folder);
    }

    public void Dispose() => _anomaly.Dispose();

    private static StudyResult Failed(string input, Exception e) => new()
    {
        Input = input,
        Status = ResultStatus.Failed,
        // A full disk is the service's storage, not the program or the input: its own code, so it is not mistaken for a bug.
        Rejection = new Rejection((StorageErrors.IsDiskFull(e) ? RejectionCode.StorageFull : RejectionCode.InternalError).ToWire(), $"{e.GetType().Name}: {e.Message}"),
    };

    // Between stages almost everything the last stage allocated is garbage (hundreds of MB of full-resolution masks and
    // maps): collecting it here, outside the timed stages, lets the next stage reuse that memory instead of growing the
    // heap, which is what sets the peak. A blocking gen-2 collection of a heap of large primitive arrays takes milliseconds.
    private static void ReleaseGarbage()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private static void Enter(string stage, StageTimer timer, Action<string>? onStage)
    {
        timer.Start(stage);
        onStage?.Invoke(stage);
    }

    private static void RequireSameGrid(CtVolume ct, Imaging.Geometry.VolumeGeometry g, string what)
    {
        var c = ct.Geometry;
        if (g.SizeX != c.SizeX || g.SizeY != c.SizeY || g.SizeZ != c.SizeZ)
            throw new InvalidOperationException($"{what} are {g.SizeX}x{g.SizeY}x{g.SizeZ}, the CT is {c.SizeX}x{c.SizeY}x{c.SizeZ}");
    }
}
