using ChestScreener.Results;
using ChestScreener.Server.Options;
using ChestScreener.Server.Processing;
using ChestScreener.Server.Storage;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Jobs;

/// <summary>
/// The Hangfire job that analyses one study. Idempotent: a finished study is never processed again, a run writes into its own
/// work folder that becomes output/ by one rename, and a stop mid-run gives the study back to the queue to be re-run.
/// </summary>
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [5, 15, 30, 60, 120], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class StudyJob(
    IStudyStore store,
    StudyFolders folders,
    IStudyProcessor processor,
    MemoryGate memory,
    IOptions<ServerOptions> options,
    ILogger<StudyJob> log)
{
    /// <summary>Identifies this process's workers in claims (host, process id and a per-start random part).</summary>
    public static readonly string WorkerId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    [JobDisplayName("analyse study {0}")]
    public async Task RunAsync(string studyId, CancellationToken ct)
    {
        var study = store.Get(studyId);
        if (study is null) { log.LogInformation("study {Id} was deleted; nothing to do", studyId); return; }
        if (StudyStatus.IsFinished(study.Status)) { log.LogInformation("study {Id} is already {Status}; not run again", studyId, study.Status); return; }

        var output = folders.Output(studyId);
        if (File.Exists(Path.Combine(output, StudyFiles.ResultJson)))
        {
            // A run finished its files but the process stopped before the database said so.
            Complete(studyId, null, ResultJson.Deserialize(await File.ReadAllTextAsync(Path.Combine(output, StudyFiles.ResultJson), ct)));
            return;
        }

        var lease = TimeSpan.FromSeconds(options.Value.LeaseSeconds);
        var worker = $"{WorkerId}:{Environment.CurrentManagedThreadId}";
        if (!store.TryClaim(studyId, worker, lease))
        {
            // Another live worker has it; throwing lets Hangfire try again later in case that worker dies.
            if (store.Get(studyId) is { } now && StudyStatus.IsFinished(now.Status)) return;
            throw new InvalidOperationException($"study {studyId} is being analysed by another worker");
        }

        folders.DeleteStaleWork(studyId);
        var work = folders.NewWork(studyId);
        Directory.CreateDirectory(work);
        using var heartbeat = new Timer(_ => store.RenewClaim(studyId, worker, lease), null, lease / 3, lease / 3);
        // The per-study time limit: the processor is cancelled through this token, the service's own stop through ct.
        using var timeLimit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var limitSeconds = options.Value.StudyTimeoutSeconds;
        if (limitSeconds > 0) timeLimit.CancelAfter(TimeSpan.FromSeconds(limitSeconds));
        string? abandoned = null;
        try
        {
            var need = (long)Math.Min(long.MaxValue / 2, study.InputBytes * options.Value.MemoryPerInputByte);
            using (await memory.AcquireAsync(need, ct))
            {
                var progress = new ThrottledProgress(store, studyId);
                StudyResult result;
                try
                {
                    result = (await processor.ProcessAsync(folders.Input(studyId), work, progress, timeLimit.Token)).Result;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested && timeLimit.IsCancellationRequested)
                {
                    log.LogWarning("study {Id} stopped: the analysis ran past the limit of {Seconds} s", studyId, limitSeconds);
                    result = StudyResult.Rejected(study.Name, new ScreenerException(RejectionCode.InternalError, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"the analysis took longer than the limit of {limitSeconds:0.#} s and was stopped; the input may be unusually large, or the service overloaded")));
                    // A stopped run may still be writing into its folder: the failure is published from a fresh one.
                    abandoned = work;
                    work = folders.NewWork(studyId);
                    Directory.CreateDirectory(work);
                }
                catch (ScreenerException e)
                {
                    result = StudyResult.Rejected(study.Name, e);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    log.LogError(e, "study {Id} failed", studyId);
                    result = StudyResult.Rejected(study.Name, new ScreenerException(RejectionCode.InternalError, $"the analysis failed: {e.Message}"));
                }
                result = result with { Input = study.Name };
                ResultJson.WriteFile(Path.Combine(work, StudyFiles.ResultJson), result);
                // Exactly-once: publish only while this run still holds the claim (a worker cut off past its lease was taken
                // over), only if no other run published first, and write the database under the same claim.
                if (!store.RenewClaim(studyId, worker, lease))
                {
                    log.LogWarning("study {Id}: this run lost its claim to another worker; its result is discarded", studyId);
                    return;
                }
                if (Directory.Exists(output))
                {
                    log.LogWarning("study {Id}: another run already published results; this run's are discarded", studyId);
                    return;
                }
                Directory.Move(work, output);
                Complete(studyId, worker, result);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The service is stopping: give the study back; Hangfire requeues the job and the next start re-runs it.
            store.Release(studyId, worker);
            StudyFolders.TryDelete(work);
            log.LogInformation("study {Id} interrupted by shutdown; it will be re-run", studyId);
            throw;
        }
        finally
        {
            if (Directory.Exists(work)) StudyFolders.TryDelete(work);
            if (abandoned is not null) StudyFolders.TryDelete(abandoned);
        }
    }

    private void Complete(string studyId, string? worker, StudyResult result)
    {
        if (!store.Complete(studyId, worker, StudyStatus.FromResultStatus(result.Status), result.Verdict, result.ProbabilityOfPathology,
                result.Rejection?.Code, result.Rejection?.Message, ResultJson.Serialize(result)))
        {
            log.LogWarning("study {Id}: result not recorded, the study was already finished or taken over", studyId);
            return;
        }
        log.LogInformation("study {Id} finished: {Status} {Verdict} by {Worker}", studyId, result.Status, result.Verdict, worker ?? WorkerId);
        RejectedInputs.RemoveIfRejected(folders, options.Value, studyId, StudyStatus.FromResultStatus(result.Status));
    }

    /// <summary>Writes progress to the store only when the stage changes or the percentage moves by a whole point.</summary>
    private sealed class ThrottledProgress(IStudyStore store, string id) : IProgress<StudyProgress>
    {
        private string? _stage;
        private double _percent = -1;

        public void Report(StudyProgress value)
        {
            if (value.Stage == _stage && Math.Abs(value.Percent - _percent) < 1) return;
            _stage = value.Stage;
            _percent = value.Percent;
            store.UpdateProgress(id, value.Stage, value.Percent);
        }
    }
}
