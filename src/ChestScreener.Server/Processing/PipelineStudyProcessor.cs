using System.Collections.Concurrent;
using ChestScreener.Pipeline;
using ChestScreener.Reports;
using ChestScreener.Results;
using ChestScreener.Server.Privacy;
using ChestScreener.Server.Options;

namespace ChestScreener.Server.Processing;

/// <summary>
/// The real analysis: <see cref="StudyPipeline"/> (the same code as `screener analyze`) writing result.json, report.pdf and the
/// NIfTI maps into the study's output folder. Pipelines are made on first use (loading the model) and pooled, one per
/// concurrent worker, since a pipeline run is not meant to be shared between threads. Zips are unpacked in
/// <c>tempFolder</c> (the server passes its folder under the data folder; null: the system temp folder, for tests).
/// </summary>
public sealed class PipelineStudyProcessor(ServerOptions options, string? tempFolder = null) : IStudyProcessor, IDisposable
{
    private readonly ConcurrentBag<StudyPipeline> _idle = [];

    /// <summary>Where zips are unpacked; null for the system temp folder.</summary>
    public string? TempFolder => tempFolder;
    private readonly ConcurrentBag<StudyPipeline> _all = [];
    private readonly Lock _create = new();

    public async Task<ProcessedStudy> ProcessAsync(string studyInputFolder, string studyOutputFolder, IProgress<StudyProgress> progress, CancellationToken ct)
    {
        var input = StudyFiles.AnalysisInput(studyInputFolder);
        // The pipeline is synchronous: run it off the request threads; on shutdown the job stops waiting and the study is re-run later.
        var run = await Task.Run(() =>
        {
            var pipeline = Rent();
            try
            {
                return pipeline.Run(input, [input], _ => studyOutputFolder, stage =>
                {
                    // The pipeline cannot be interrupted inside a stage; a cancelled study (deleted, timed out) stops at the next
                    // one instead of running the model and writing reports nobody will read.
                    ct.ThrowIfCancellationRequested();
                    progress.Report(new StudyProgress(stage, StageNames.TypicalStartPercent(stage)));
                });
            }
            finally
            {
                _idle.Add(pipeline);
            }
        }, ct).WaitAsync(ct);
        var files = StudyFiles.All.Where(f => File.Exists(Path.Combine(studyOutputFolder, f))).ToList();
        return new ProcessedStudy(ForClients(run.Result, studyInputFolder), files);
    }

    /// <summary>
    /// The result as clients see it: what stripping left out is said (Privacy.StripReport, saved beside the input folder), and
    /// no absolute server path is quoted (the analysis names files by the paths it was given).
    /// </summary>
    internal static StudyResult ForClients(StudyResult result, string studyInputFolder)
    {
        var study = Path.GetDirectoryName(Path.GetFullPath(studyInputFolder));
        // Stripped uploads show no patient at all (what the stripper kept, such as sex or study date, still narrows who it is).
        if (study is not null && StripReport.Load(study) is { } stripped) result = stripped.ApplyTo(result) with { Patient = null };
        return PathFreeText.Of(result);
    }

    /// <summary>Pipelines made so far (idle or in use).</summary>
    public int PipelineCount => _all.Count;

    /// <summary>
    /// Makes pipelines until <paramref name="count"/> exist (model loaded, ONNX session created), so that the first studies
    /// after a start do not wait for it (PipelineWarmUp calls this once with the worker count).
    /// </summary>
    public void WarmUp(int count)
    {
        lock (_create)
        {
            while (_all.Count < count) _idle.Add(Create());
        }
    }

    private StudyPipeline Rent()
    {
        if (_idle.TryTake(out var pipeline)) return pipeline;
        lock (_create)
        {
            // A warm-up may have finished one while this call waited for the lock.
            return _idle.TryTake(out pipeline) ? pipeline : Create();
        }
    }

    // Called under _create only, so concurrent first studies and the warm-up never make more pipelines than asked for.
    private StudyPipeline Create()
    {
        StudyPipeline pipeline;
        try
        {
            pipeline = StudyPipeline.CreateDefault(string.IsNullOrWhiteSpace(options.ModelDir) ? null : options.ModelDir,
                new PipelineOptions { Threads = Parallelism.PerAnalysis(options.AnalysisThreads, options.WorkerCount), Formats = OutputFormats.Json | OutputFormats.Pdf | OutputFormats.Nifti | OutputFormats.Dicom },
                new Dicom.ReadOptions { TempRoot = tempFolder });
        }
        catch (ScreenerException) { throw; }
        catch (Exception e)
        {
            throw new ScreenerException(RejectionCode.InternalError, $"the analysis model could not be loaded: {PathFreeText.Of(e.Message)}", e);
        }
        _all.Add(pipeline);
        return pipeline;
    }

    public void Dispose()
    {
        foreach (var p in _all) p.Dispose();
    }
}
