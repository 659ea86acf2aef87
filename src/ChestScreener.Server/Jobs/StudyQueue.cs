using ChestScreener.Server.Storage;
using Hangfire;

namespace ChestScreener.Server.Jobs;

/// <summary>Puts studies on the job queue (through Hangfire's client, so any of its storages and any worker process can pick them up).</summary>
public sealed class StudyQueue(IBackgroundJobClient jobs, IStudyStore store)
{
    public string Enqueue(string studyId)
    {
        var jobId = jobs.Enqueue<StudyJob>(job => job.RunAsync(studyId, CancellationToken.None));
        store.SetJob(studyId, jobId);
        return jobId;
    }
}
