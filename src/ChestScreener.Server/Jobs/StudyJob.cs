using System.Globalization;
using ChestScreener.Results;
using ChestScreener.Server.Health;
using ChestScreener.Server.Options;
using ChestScreener.Server.Processing;
using ChestScreener.Server.Storage;
using Hangfire;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Jobs;

/// <summary>
/// The Hangfire job that analyses one study. Idempotent: a finished study is never processed again, a run writes into its own
/// work folder that becomes output/ by one rename, and a stop mid-run gives the study back to the queue to be re-run. Bounded:
/// a study too large for the memory budget is refused before it runs, one started <see cref="ServerOptions.MaxAttempts"/> times
/// without a result is failed, a full disk fails it (storage_full) instead of retrying, and deleting it stops its run.
/// </summary>
[AutomaticRetry(Attempts = 5, DelaysInSeconds = [5, 15, 30, 60, 120], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed class StudyJob(
    IStudyStore store,
    StudyFolders folders,
    IStudyProcessor processor,
    MemoryGate memory,
    StudyCostEstimator costs,
    StudyCancellations cancellations,
    ServiceHealth health,
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
            if (store.Get(studyId) is not { } now || StudyStatus.IsFinished(now.Status)) return;
            throw new InvalidOperationException($"study {studyId} is being analysed by another worker");
        }
        // The claim counted this start: a study whose runs keep dying (killed for memory, crashing) is not started again.
        if (store.Get(studyId) is not { } claimed) return;
        if (claimed.Attempts > options.Value.MaxAttempts)
        {
            log.LogError("study {Id} was started {Runs} times without a result; failed with too_many_attempts", studyId, claimed.Attempts - 1);
            Complete(studyId, worker, Refused(study, RejectionCode.TooManyAttempts, string.Create(CultureInfo.InvariantCulture,
                $"the analysis was started {claimed.Attempts - 1} times and never finished (the service stopped or ran out of memory each time); it is not tried again")));
            return;
        }

        using var cancel = cancellations.Register(studyId);
        using var heartbeat = new ClaimHeartbeat(store, studyId, worker, lease, log);
        // Stopped from outside: the service stops (ct), an admin deleted the study (here or in another process), or the claim was lost.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, cancel.Token, heartbeat.Lost);
        string? work = null;
        string? abandoned = null;
        try
        {
            folders.DeleteStaleWork(studyId);
            work = folders.NewWork(studyId);
            Directory.CreateDirectory(work);
            var (result, fresh) = await AnalyseAsync(study, work, stop);
            if (fresh != work)
            {
                // Removed before the result is published, so a finished study never shows a work folder; a stopped run
                // still writing into it may leave files behind, which the finally below (and the next run) removes.
                (abandoned, work) = (work, fresh);
                StudyFolders.TryDelete(abandoned);
            }
            Publish(studyId, worker, lease, work, output, result with { Input = study.Name });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The service is stopping: give the study back; Hangfire requeues the job and the next start re-runs it.
            store.Release(studyId, worker);
            log.LogInformation("study {Id} interrupted by shutdown; it will be re-run", studyId);
            throw;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            log.LogInformation("study {Id}: its analysis was stopped (the study was deleted or taken over); its work is discarded", studyId);
            // A delete may have removed the folder while this run was still writing into it.
            if (store.Get(studyId) is null) folders.DeleteStudy(studyId);
        }
        catch (Exception e) when (StorageErrors.IsDiskFull(e))
        {
            FailStorageFull(study, worker, e);
        }
        finally
        {
            if (work is not null && Directory.Exists(work)) StudyFolders.TryDelete(work);
            if (abandoned is not null) StudyFolders.TryDelete(abandoned);
        }
    }

    /// <summary>
    /// Estimates the study's memory, refuses it when that alone exceeds the budget, else runs the processor within the gate.
    /// Returns the result and the folder it is to be published from (a fresh one when a timed-out run may still be writing).
    /// </summary>
    private async Task<(StudyResult Result, string Work)> AnalyseAsync(StudyRecord study, string work, CancellationTokenSource stop)
    {
        var studyId = study.Id;
        // A zip is unpacked to read its tags: into a work-* folder of its own, so the run's folder stays empty and a crash
        // mid-way leaves nothing that the next run's clean-up of stale work folders would miss.
        var probe = folders.NewWork(studyId);
        StudyCost cost;
        try
        {
            cost = costs.Estimate(folders.Input(studyId), study.InputBytes, probe);
        }
        finally
        {
            StudyFolders.TryDelete(probe);
        }
        if (cost.FromVolume && cost.Bytes > memory.BudgetBytes)
        {
            log.LogWarning("study {Id} refused before analysis: {Cost}, budget {Budget} MB", studyId, cost.Describe(), options.Value.MemoryBudgetMb);
            return (Refused(study, RejectionCode.TooLarge, string.Create(CultureInfo.InvariantCulture,
                $"the volume is {cost.Describe()}, more than this service's memory budget of {StudyCost.Gb(memory.BudgetBytes):0.0} GB (MemoryBudgetMb); it was not analysed")), work);
        }

        // The per-study time limit: the processor is cancelled through this token, a stop from outside through stop.
        using var timeLimit = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var limitSeconds = options.Value.StudyTimeoutSeconds;
        if (limitSeconds > 0) timeLimit.CancelAfter(TimeSpan.FromSeconds(limitSeconds));
        using (await memory.AcquireAsync(cost.Bytes, stop.Token))
        {
            try
            {
                var progress = new ThrottledProgress(store, studyId);
                return ((await processor.ProcessAsync(folders.Input(studyId), work, progress, timeLimit.Token)).Result, work);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested && timeLimit.IsCancellationRequested)
            {
                log.LogWarning("study {Id} stopped: the analysis ran past the limit of {Seconds} s", studyId, limitSeconds);
                // A stopped run may still be writing into its folder: the failure is published from a fresh one.
                var fresh = folders.NewWork(studyId);
                Directory.CreateDirectory(fresh);
                return (Refused(study, RejectionCode.InternalError, string.Create(CultureInfo.InvariantCulture,
                    $"the analysis took longer than the limit of {limitSeconds:0.#} s and was stopped; the input may be unusually large, or the service overloaded")), fresh);
            }
            catch (ScreenerException e)
            {
                return (StudyResult.Rejected(study.Name, e), work);
            }
            catch (Exception e) when (!StorageErrors.IsDiskFull(e) && (e is not OperationCanceledException || !stop.IsCancellationRequested))
            {
                log.LogError(e, "study {Id} failed", studyId);
                return (Refused(study, RejectionCode.InternalError, $"the analysis failed: {e.Message}"), work);
            }
        }
    }

    // Exactly-once: publish only while this run still holds the claim (a worker cut off past its lease was taken over), only if
    // no other run published first, and write the database under the same claim.
    private void Publish(string studyId, string worker, TimeSpan lease, string work, string output, StudyResult result)
    {
        ResultJson.WriteFile(Path.Combine(work, StudyFiles.ResultJson), result);
        if (!store.RenewClaim(studyId, worker, lease))
        {
            log.LogWarning("study {Id}: this run lost its claim to another worker (or the study was deleted); its result is discarded", studyId);
            if (store.Get(studyId) is null) folders.DeleteStudy(studyId);
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

    /// <summary>The disk is full: the study fails for good (in the database only, as no file can be written); no retry.</summary>
    private void FailStorageFull(StudyRecord study, string worker, Exception e)
    {
        log.LogError(e, "study {Id}: the disk is full; failed with storage_full", study.Id);
        health.AnalysisStorageFull(study.Id);
        try
        {
            Complete(study.Id, worker, Refused(study, RejectionCode.StorageFull,
                "the service ran out of disk space while analysing this study; it was not retried (free space, then upload it again)"));
        }
        catch (Exception dbError)
        {
            // The database shares the full disk: the claim lapses, and the cap on attempts ends the study once space is back.
            log.LogError(dbError, "study {Id}: storage_full could not be recorded either", study.Id);
        }
    }

    private static StudyResult Refused(StudyRecord study, RejectionCode code, string message) =>
        StudyResult.Rejected(study.Name, new ScreenerException(code, message));

    private void Complete(string studyId, string? worker, StudyResult result)
    {
        if (!store.Complete(studyId, worker, StudyStatus.FromResultStatus(result.Status), result.Verdict?.ToWire(), result.ProbabilityOfPathology,
                result.Rejection?.Code, result.Rejection?.Message, ResultJson.Serialize(result)))
        {
            log.LogWarning("study {Id}: result not recorded, the study was already finished or taken over", studyId);
            return;
        }
        if (result.Rejection?.Code == RejectionCode.StorageFull.ToWire()) health.AnalysisStorageFull(studyId);
        else if (result.Status == ResultStatus.Ok) health.AnalysisStored();
        log.LogInformation("study {Id} finished: {Status} {Verdict} by {Worker}", studyId, result.Status.ToWire(), result.Verdict?.ToWire(), worker ?? WorkerId);
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
