using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChestScreener.Server.Audit;
using ChestScreener.Server.Jobs;
using ChestScreener.Server.Processing;
using ChestScreener.Server.Storage;
using ChestScreener.Tests;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using ChestScreener.Server.Tests.Uploads;
using ChestScreener.Server.Tests.Storage;
using ChestScreener.Server.Tests.Audit;

namespace ChestScreener.Server.Tests.Jobs;

/// <summary>
/// Issue 20, findings 2 and 5 (analysis side), through the API: a tiny upload that claims a huge volume is refused before it
/// runs, a study whose runs keep dying is failed, a running study can be deleted, a full disk fails an analysis once, and lost
/// audit rows turn health "degraded".
/// </summary>
public sealed class AnalysisHardeningTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var d in Enumerable.Reverse(_owned)) d.Dispose();
        _data.Dispose();
    }

    private (ServerFactory Server, HttpClient Client) Start(IStudyProcessor processor, Action<IServiceCollection>? services = null)
    {
        var server = new ServerFactory(_data.Path, processor, services: services);
        var client = server.CreateClient();
        _owned.Add(server);
        _owned.Add(client);
        return (server, client);
    }

    [Fact]
    public async Task A_2_MB_nifti_of_a_billion_zero_voxels_is_rejected_too_large_without_being_analysed()
    {
        var processor = new CountingProcessor(TimeSpan.Zero);
        var (_, client) = Start(processor);
        // The probe's file: 1024x1024x1000 int16 (under the reader's 2^30 voxels), 2 MB gzipped; the default 8 GB budget.
        var study = await TestUploads.UploadAsync(client, ("zeros.nii.gz", TestNifti.HeaderOnlyGz(1024, 1024, 1000, 2_100_000)));
        var done = await TestUploads.WaitFinishedAsync(client, study.Id);
        Assert.Equal(("rejected", "too_large"), (done.Status, done.Rejection?.Code));
        Assert.Contains("1024x1024x1000", done.Rejection!.Message);
        Assert.Contains("8.6 GB", done.Rejection.Message);   // the budget, 8192 MB
        Assert.False(processor.Started.ContainsKey(study.Id));
    }

    [Fact]
    public async Task A_study_started_three_times_without_a_result_is_failed_and_never_run_again()
    {
        var processor = new CountingProcessor(TimeSpan.Zero);
        var (server, client) = Start(processor);
        var store = server.Services.GetRequiredService<IStudyStore>();
        var folders = server.Services.GetRequiredService<StudyFolders>();
        var id = StudyIds.New();
        Directory.CreateDirectory(folders.Input(id));
        File.WriteAllBytes(Path.Combine(folders.Input(id), "a.dcm"), TestUploads.DicomLike(1));
        store.Create(new StudyRecord { Id = id, Name = "a.dcm", Status = StudyStatus.Receiving, CreatedUtc = DateTimeOffset.UtcNow });
        store.MarkQueued(id, "a.dcm", 600, 1);
        // Three workers took it and died (killed for memory, say): each claim lapsed without a result.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(store.TryClaim(id, $"dead-{i}", TimeSpan.FromMilliseconds(1)));
            Thread.Sleep(20);
        }

        // The next delivery (restart recovery, lease sweeper or a Hangfire retry all end here) gives up instead of running it.
        await server.Services.GetRequiredService<StudyJob>().RunAsync(id, CancellationToken.None);
        var s = await TestUploads.GetAsync(client, id);
        Assert.Equal(("failed", "too_many_attempts"), (s.Status, s.Rejection?.Code));
        Assert.False(processor.Started.ContainsKey(id));
        Assert.False(store.TryClaim(id, "late", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Deleting_a_study_being_analysed_stops_its_analysis_and_removes_it()
    {
        var processor = new CountingProcessor(TimeSpan.FromSeconds(3));
        var (server, client) = Start(processor);
        var study = await TestUploads.UploadAsync(client, ("a.dcm", TestUploads.DicomLike(1)));
        var until = DateTime.UtcNow.AddSeconds(30);
        while ((await TestUploads.GetAsync(client, study.Id)).Status != "processing" || !processor.Started.ContainsKey(study.Id))
        {
            Assert.True(DateTime.UtcNow < until, "the study never started");
            await Task.Delay(50);
        }

        var response = await client.DeleteAsync($"/api/v1/studies/{study.Id}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/studies/{study.Id}")).StatusCode);
        var folder = server.Services.GetRequiredService<StudyFolders>().Study(study.Id);
        var jobId = (await WaitJobEndedAsync(server, folder)).Trim();
        // The run was stopped (it never completed), left no files, and the job is not retried.
        Assert.False(processor.Completed.ContainsKey(study.Id));
        Assert.False(Directory.Exists(folder));
        Assert.Equal(SucceededState.StateName, JobState(server, jobId));
        Assert.Equal(1, processor.Started[study.Id]);
    }

    [Fact]
    public async Task An_analysis_that_finds_the_disk_full_fails_once_with_storage_full_and_health_says_so()
    {
        var processor = new DiskFullProcessor();
        var (server, client) = Start(processor);
        var study = await TestUploads.UploadAsync(client, ("a.dcm", TestUploads.DicomLike(1)));
        var done = await TestUploads.WaitFinishedAsync(client, study.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(("failed", "storage_full"), (done.Status, done.Rejection?.Code));
        var record = server.Services.GetRequiredService<IStudyStore>().Get(study.Id)!;
        Assert.Equal(1, record.Runs);
        Assert.Equal(1, processor.Calls);
        // No retry is scheduled: the job itself ended well, the study is what failed.
        Assert.Equal(SucceededState.StateName, await WaitJobStateAsync(server, record.JobId!, SucceededState.StateName));
        Assert.Equal(1, processor.Calls);
        var health = await client.GetFromJsonAsync<JsonElement>("/api/v1/health");
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains(health.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("disk is full"));
    }

    [Fact]
    public async Task A_lost_audit_row_turns_health_degraded_while_the_request_still_succeeds()
    {
        var audit = new FailingAuditLog();
        var (_, client) = Start(new CountingProcessor(TimeSpan.Zero), s => s.AddSingleton<IAuditLog>(audit));
        var before = await client.GetFromJsonAsync<JsonElement>("/api/v1/health");
        Assert.Equal("ok", before.GetProperty("status").GetString());

        var study = await TestUploads.UploadAsync(client, ("a.dcm", TestUploads.DicomLike(1)));   // 202, although its audit row was lost
        Assert.True(audit.Tries >= 1);
        var health = await client.GetFromJsonAsync<JsonElement>("/api/v1/health");
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("audit_failures").GetInt64() >= 1);
        Assert.Contains(health.GetProperty("problems").EnumerateArray(), p => p.GetString()!.Contains("audit rows are not being written"));
        Assert.Equal("done", (await TestUploads.WaitFinishedAsync(client, study.Id)).Status);
    }

    private static string? JobState(ServerFactory server, string jobId)
    {
        using var connection = server.Services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetJobData(jobId)?.State;
    }

    private static async Task<string?> WaitJobStateAsync(ServerFactory server, string jobId, string state)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        string? now;
        while ((now = JobState(server, jobId)) != state && DateTime.UtcNow < until) await Task.Delay(50);
        return now;
    }

    // The deleted study's job id is gone with its row: find the one job of this server, and wait until it has ended and the
    // study's folder was removed.
    private static async Task<string> WaitJobEndedAsync(ServerFactory server, string folder)
    {
        var monitor = server.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            if (monitor.ProcessingCount() == 0 && !Directory.Exists(folder))
            {
                var jobs = monitor.SucceededJobs(0, 10).Select(j => j.Key).Concat(monitor.ScheduledJobs(0, 10).Select(j => j.Key))
                    .Concat(monitor.FailedJobs(0, 10).Select(j => j.Key)).ToList();
                if (jobs.Count == 1) return jobs[0];
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("the deleted study's job did not end");
    }
}
