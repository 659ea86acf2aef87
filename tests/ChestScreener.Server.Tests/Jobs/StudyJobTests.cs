using ChestScreener.Results;
using ChestScreener.Server.Health;
using ChestScreener.Server.Jobs;
using ChestScreener.Server.Options;
using ChestScreener.Server.Processing;
using ChestScreener.Server.Storage;
using ChestScreener.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using ChestScreener.Server.Storage.Sqlite;
using ChestScreener.Server.Tests.Storage;

namespace ChestScreener.Server.Tests.Jobs;

public sealed class StudyJobTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();
    private readonly SqliteStudyStore _store;
    private readonly StudyFolders _folders;
    private readonly CountingProcessor _processor = new(TimeSpan.Zero);
    private readonly Microsoft.Extensions.Options.IOptions<ServerOptions> _options;

    public StudyJobTests()
    {
        _store = new SqliteStudyStore(Path.Combine(_data.Path, "studies.db"));
        _folders = new StudyFolders(_data.Path);
        _options = Microsoft.Extensions.Options.Options.Create(new ServerOptions { DataDir = _data.Path });
    }

    public void Dispose()
    {
        foreach (var db in Directory.GetFiles(_data.Path, "*.db")) SqliteFiles.ReleasePool(db);
        _data.Dispose();
    }

    private StudyJob Job(IStudyProcessor? processor = null, StudyCancellations? cancellations = null, Microsoft.Extensions.Options.IOptions<ServerOptions>? options = null) =>
        new(_store, _folders, processor ?? _processor, new MemoryGate(options ?? _options), new StudyCostEstimator(options ?? _options, NullLogger<StudyCostEstimator>.Instance),
            cancellations ?? new StudyCancellations(), new ServiceHealth(TimeProvider.System), options ?? _options, NullLogger<StudyJob>.Instance);

    private string Queued()
    {
        var id = StudyIds.New();
        Directory.CreateDirectory(_folders.Input(id));
        File.WriteAllBytes(Path.Combine(_folders.Input(id), "a.dcm"), TestUploads.DicomLike(1));
        _store.Create(new StudyRecord { Id = id, Name = "a.dcm", Status = StudyStatus.Receiving, CreatedUtc = DateTimeOffset.UtcNow });
        _store.MarkQueued(id, "a.dcm", 600, 1);
        return id;
    }

    [Fact]
    public async Task A_finished_study_is_not_processed_again()
    {
        var id = Queued();
        await Job().RunAsync(id, CancellationToken.None);
        await Job().RunAsync(id, CancellationToken.None);
        Assert.Equal(1, _processor.Started[id]);
        Assert.Equal(StudyStatus.Done, _store.Get(id)!.Status);
        Assert.Equal(1, _store.Get(id)!.Runs);
    }

    [Fact]
    public async Task Results_on_disk_without_a_database_record_complete_the_study_without_a_rerun()
    {
        var id = Queued();
        // As if a run renamed its work folder to output/ and the process died before updating the database.
        Directory.CreateDirectory(_folders.Output(id));
        ResultJson.WriteFile(Path.Combine(_folders.Output(id), "result.json"), new StudyResult { Input = "a.dcm", Verdict = Verdict.Normal, ProbabilityOfPathology = 0.1 });
        await Job().RunAsync(id, CancellationToken.None);
        Assert.False(_processor.Started.ContainsKey(id));
        var s = _store.Get(id)!;
        Assert.Equal(StudyStatus.Done, s.Status);
        Assert.Equal("normal", s.Verdict);
    }

    [Fact]
    public async Task A_study_claimed_by_a_live_worker_is_not_run_twice_at_once()
    {
        var id = Queued();
        Assert.True(_store.TryClaim(id, "other-process", TimeSpan.FromMinutes(1)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Job().RunAsync(id, CancellationToken.None));
        Assert.False(_processor.Started.ContainsKey(id));
        Assert.False(_store.TryClaim(id, "third", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Cancellation_gives_the_study_back_to_the_queue_and_leaves_no_work_folder()
    {
        var id = Queued();
        using var cts = new CancellationTokenSource();
        var slow = new CountingProcessor(TimeSpan.FromSeconds(5));
        var job = Job(slow);
        var run = job.RunAsync(id, cts.Token);
        await Task.Delay(200);
        Assert.Equal(StudyStatus.Processing, _store.Get(id)!.Status);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(StudyStatus.Queued, _store.Get(id)!.Status);
        Assert.Equal(0, _store.Get(id)!.Attempts);   // a graceful stop does not count against the cap on attempts
        Assert.Empty(Directory.GetDirectories(_folders.Study(id), "work-*"));
        Assert.False(Directory.Exists(_folders.Output(id)));
    }

    [Fact]
    public async Task A_study_deleted_in_this_process_stops_its_run_at_once_without_a_result_or_a_retry()
    {
        var id = Queued();
        var slow = new CountingProcessor(TimeSpan.FromSeconds(5));
        var cancellations = new StudyCancellations();
        var run = Job(slow, cancellations).RunAsync(id, CancellationToken.None);
        await WaitUntilAsync(() => slow.Started.ContainsKey(id));
        // What DELETE does for a processing study.
        Assert.True(cancellations.TryCancel(id));
        _store.Delete(id);
        _folders.DeleteStudy(id);
        await run.WaitAsync(TimeSpan.FromSeconds(20));   // ends without throwing: Hangfire has nothing to retry
        Assert.False(slow.Completed.ContainsKey(id));
        Assert.False(Directory.Exists(_folders.Study(id)));
        Assert.False(cancellations.TryCancel(id));
    }

    [Fact]
    public async Task A_run_whose_study_was_deleted_elsewhere_stops_at_its_next_claim_renewal()
    {
        var id = Queued();
        var slow = new CountingProcessor(TimeSpan.FromSeconds(10));
        var options = Microsoft.Extensions.Options.Options.Create(new ServerOptions { DataDir = _data.Path, LeaseSeconds = 5 });
        var run = Job(slow, options: options).RunAsync(id, CancellationToken.None);
        await WaitUntilAsync(() => slow.Started.ContainsKey(id));
        // An admin's DELETE answered by an api process: the row and the files go; this worker is not told directly.
        _store.Delete(id);
        _folders.DeleteStudy(id);
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(slow.Completed.ContainsKey(id));
        Assert.False(Directory.Exists(_folders.Study(id)));
    }

    [Fact]
    public async Task A_full_disk_fails_the_study_with_storage_full_in_one_run()
    {
        var id = Queued();
        var full = new DiskFullProcessor();
        await Job(full).RunAsync(id, CancellationToken.None);
        var s = _store.Get(id)!;
        Assert.Equal((StudyStatus.Failed, "storage_full", 1, 1), (s.Status, s.ErrorCode, s.Runs, full.Calls));
        Assert.Equal("storage_full", ResultJson.Deserialize(s.ResultJson!).Rejection!.Code);
        Assert.False(Directory.Exists(_folders.Output(id)));   // nothing could be written; the database holds the result
        await Job(full).RunAsync(id, CancellationToken.None);
        Assert.Equal(1, full.Calls);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out waiting");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Memory_gate_holds_a_second_study_until_the_first_releases()
    {
        var gate = new MemoryGate(Microsoft.Extensions.Options.Options.Create(new ServerOptions { MemoryBudgetMb = 1000 }));
        var big = await gate.AcquireAsync(600L << 20, CancellationToken.None);
        var second = gate.AcquireAsync(600L << 20, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        big.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.Equal(0, gate.InUseBytes);
        // Larger than the whole budget: runs, but alone.
        using var huge = await gate.AcquireAsync(5000L << 20, CancellationToken.None);
        Assert.Equal(5000L << 20, gate.InUseBytes);
    }
}
