using ChestScreener.Server.Storage;
using Hangfire;
using Hangfire.States;

namespace ChestScreener.Server.Jobs;

/// <summary>
/// On start, makes sure every unfinished study has a live job: uploads cut off mid-way are removed (the client never got an id),
/// and a queued or interrupted study whose job is gone or ended is queued again. Jobs still queued or running are left to Hangfire,
/// which requeues the ones a stopped process was running.
/// </summary>
public sealed class StudyRecovery(IStudyStore store, StudyFolders folders, StudyQueue queue, JobStorage storage, ILogger<StudyRecovery> log) : IHostedService
{
    /// <summary>An upload older than this that never completed is considered abandoned.</summary>
    private static readonly TimeSpan AbandonedUpload = TimeSpan.FromHours(1);

    private static readonly HashSet<string> LiveStates =
        [EnqueuedState.StateName, ProcessingState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        using var connection = storage.GetConnection();
        foreach (var study in store.ListUnfinished())
        {
            if (study.Status == StudyStatus.Receiving)
            {
                if (DateTimeOffset.UtcNow - study.CreatedUtc > AbandonedUpload || (!folders.HasInput(study.Id) && !UploadStillArriving(study.Id)))
                {
                    store.Delete(study.Id);
                    folders.DeleteStudy(study.Id);
                    log.LogInformation("removed abandoned upload {Id}", study.Id);
                }
                continue;
            }
            var state = study.JobId is null ? null : connection.GetJobData(study.JobId)?.State;
            if (state is not null && LiveStates.Contains(state)) continue;
            log.LogInformation("study {Id} was {Status} with job state {State}; queueing it again", study.Id, study.Status, state ?? "none");
            queue.Enqueue(study.Id);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// An upload streams into input.partial-* and becomes input/ by one rename. Without input/, the upload was cut off,
    /// unless another process (an api replica) is still writing its partial folder: anything written in the last
    /// <see cref="ArrivingWindow"/> counts as alive.
    /// </summary>
    private bool UploadStillArriving(string id)
    {
        var cutoff = DateTime.UtcNow - ArrivingWindow;
        foreach (var partial in folders.Partials(id))
        {
            // Written by a process of this host that is gone (killed mid-upload): abandoned, however recent.
            if (Uploads.UploadReceiver.TryParsePartialOfThisHost(Path.GetFileName(partial), out var pid) && !ProcessAlive(pid)) continue;
            if (Directory.GetLastWriteTimeUtc(partial) > cutoff) return true;
            foreach (var file in Directory.EnumerateFiles(partial))
            {
                if (File.GetLastWriteTimeUtc(file) > cutoff) return true;
            }
        }
        return false;
    }

    // This process's own partial folders belong to uploads still arriving (several hosts may share one process, as in tests).
    private static bool ProcessAlive(int pid) => pid == Environment.ProcessId || Files.ProcessStamp.IsRunning(pid);

    /// <summary>How recently a partial upload must have been written to to count as still arriving.</summary>
    private static readonly TimeSpan ArrivingWindow = TimeSpan.FromMinutes(2);
}
