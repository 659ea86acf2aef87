using System.Net;
using System.Net.Http.Json;
using ChestScreener.Server.Api;
using ChestScreener.Server.Processing;
using ChestScreener.Server.Storage;
using ChestScreener.Server.Uploads;
using ChestScreener.Tests;
using Microsoft.Extensions.DependencyInjection;
using ChestScreener.Server.Testing;

namespace ChestScreener.Server.Tests.Jobs;

/// <summary>Backpressure and limits (issue 8): queue length 429, concurrent uploads 503, both with Retry-After; per-study time limit; uploads land by rename; abandoned partial uploads are removed on start.</summary>
public sealed class LimitsTests
{
    /// <summary>Holds every analysis until <see cref="Release"/>; counts starts.</summary>
    private sealed class GateProcessor : IStudyProcessor
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly FakeStudyProcessor _inner = new(TimeSpan.Zero);
        public int Started;

        public void Release() => _gate.TrySetResult();

        public async Task<ProcessedStudy> ProcessAsync(string input, string output, IProgress<StudyProgress> progress, CancellationToken ct)
        {
            Interlocked.Increment(ref Started);
            await _gate.Task.WaitAsync(ct);
            return await _inner.ProcessAsync(input, output, progress, ct);
        }
    }

    [Fact]
    public async Task A_full_queue_answers_429_with_retry_after_and_takes_uploads_again_once_drained()
    {
        using var data = TestData.NewTempFolder();
        var gate = new GateProcessor();
        using var factory = new ServerFactory(data.Path, gate, new Dictionary<string, string>
        {
            ["Screener:MaxQueuedStudies"] = "2", ["Screener:RetryAfterSeconds"] = "7",
        });
        var client = factory.CreateClient();
        var first = await TestUploads.UploadAsync(client, ("a.dcm", TestUploads.DicomLike(1)));
        var until = DateTime.UtcNow.AddSeconds(30);
        while (Volatile.Read(ref gate.Started) == 0) { Assert.True(DateTime.UtcNow < until, "the first study never started"); await Task.Delay(50); }
        await TestUploads.UploadAsync(client, ("b.dcm", TestUploads.DicomLike(2)));
        await TestUploads.UploadAsync(client, ("c.dcm", TestUploads.DicomLike(3)));

        var refused = await client.PostAsync("/api/v1/studies", TestUploads.Form(("d.dcm", TestUploads.DicomLike(4))));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(Problems.Busy, (await TestUploads.ProblemAsync(refused)).GetProperty("code").GetString());
        // Nothing of the refused upload was kept.
        Assert.Equal(3, (await client.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!.Length);
        Assert.Equal(3, Directory.GetDirectories(Path.Combine(data.Path, "studies")).Length);

        gate.Release();
        Assert.Equal("done", (await TestUploads.WaitFinishedAsync(client, first.Id)).Status);
        foreach (var s in (await client.GetFromJsonAsync<StudyDto[]>("/api/v1/studies", TestUploads.Json))!) await TestUploads.WaitFinishedAsync(client, s.Id);
        await TestUploads.UploadAsync(client, ("e.dcm", TestUploads.DicomLike(5)));
    }

    [Fact]
    public async Task Too_many_uploads_at_once_answer_503_with_retry_after()
    {
        using var data = TestData.NewTempFolder();
        using var factory = new ServerFactory(data.Path, new CountingProcessor(TimeSpan.Zero), new Dictionary<string, string>
        {
            ["Screener:MaxConcurrentUploads"] = "1", ["Screener:RetryAfterSeconds"] = "3",
        });
        var client = factory.CreateClient();
        // Another upload holds the only slot.
        var receiver = factory.Services.GetRequiredService<UploadReceiver>();
        Assert.True(receiver.TryStartUpload(1));
        var refused = await client.PostAsync("/api/v1/studies", TestUploads.Form(("b.dcm", TestUploads.DicomLike(2))));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(Problems.Busy, (await TestUploads.ProblemAsync(refused)).GetProperty("code").GetString());
        Assert.False(receiver.TryStartUpload(1));
        receiver.EndUpload();
        await TestUploads.UploadAsync(client, ("c.dcm", TestUploads.DicomLike(3)));
        Assert.Equal(0, receiver.UploadsInProgress);
    }

    /// <summary>A request body that gives its first half, then waits until released: an upload still arriving.</summary>
    private sealed class PausingStream(byte[] body, Task release) : Stream
    {
        private int _position;
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_position >= body.Length / 2) await release.WaitAsync(ct);
            int n = Math.Min(buffer.Length, (_position < body.Length / 2 ? body.Length / 2 : body.Length) - _position);
            body.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => body.Length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task An_arriving_upload_lives_in_a_partial_folder_and_becomes_input_by_one_rename()
    {
        using var data = TestData.NewTempFolder();
        var form = TestUploads.Form(("slow.dcm", [.. TestUploads.DicomLike(9), .. new byte[200_000]]));
        var body = await form.ReadAsByteArrayAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.ContentType = form.Headers.ContentType!.ToString();
        http.Request.Body = new PausingStream(body, release.Task);
        var receiver = new UploadReceiver(Microsoft.Extensions.Options.Options.Create(new Server.Options.ServerOptions()));
        var study = Path.Combine(data.Path, "study");
        var input = Path.Combine(study, "input");
        Directory.CreateDirectory(input);   // as the endpoint leaves it: empty
        var receiving = receiver.ReceiveAsync(http.Request, input, CancellationToken.None);

        var until = DateTime.UtcNow.AddSeconds(30);
        while (Directory.GetFiles(study, "*", SearchOption.AllDirectories).Length == 0)
        {
            Assert.True(DateTime.UtcNow < until, "the upload never started writing");
            await Task.Delay(20);
        }
        // Half the bytes are on disk, in the partial folder; input/ does not exist.
        Assert.False(Directory.Exists(input));
        Assert.Single(Directory.GetDirectories(study, UploadReceiver.PartialPrefix + "*"));

        release.SetResult();
        var summary = await receiving;
        Assert.Equal(1, summary.Files);
        Assert.Empty(Directory.GetDirectories(study, UploadReceiver.PartialPrefix + "*"));
        Assert.Equal(200_600, new FileInfo(Assert.Single(Directory.GetFiles(input))).Length);
    }

    [Fact]
    public async Task A_refused_upload_leaves_neither_input_nor_partial_folder()
    {
        using var data = TestData.NewTempFolder();
        var form = TestUploads.Form(("notes.txt", "not an image"u8.ToArray()));
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.ContentType = form.Headers.ContentType!.ToString();
        http.Request.Body = new MemoryStream(await form.ReadAsByteArrayAsync());
        var receiver = new UploadReceiver(Microsoft.Extensions.Options.Options.Create(new Server.Options.ServerOptions()));
        var input = Path.Combine(data.Path, "study", "input");
        Directory.CreateDirectory(input);
        await Assert.ThrowsAsync<UploadException>(() => receiver.ReceiveAsync(http.Request, input, CancellationToken.None));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(data.Path, "study")));
    }

    [Fact]
    public async Task A_study_running_past_its_time_limit_is_failed_with_a_message_and_the_next_one_runs()
    {
        using var data = TestData.NewTempFolder();
        // Five steps of 1 s against a limit of 1.5 s.
        var slow = new CountingProcessor(TimeSpan.FromSeconds(1));
        using var factory = new ServerFactory(data.Path, slow, new Dictionary<string, string> { ["Screener:StudyTimeoutSeconds"] = "1.5" });
        var client = factory.CreateClient();
        var id = (await TestUploads.UploadAsync(client, ("a.dcm", TestUploads.DicomLike(1)))).Id;
        var s = await TestUploads.WaitFinishedAsync(client, id);
        Assert.Equal("failed", s.Status);
        Assert.Equal("internal_error", s.Rejection?.Code);
        Assert.Contains("longer than the limit of 1.5 s", s.Rejection?.Message);
        Assert.False(slow.Completed.ContainsKey(id));
        var folder = Path.Combine(data.Path, "studies", id);
        Assert.True(File.Exists(Path.Combine(folder, "output", "result.json")));
        Assert.Empty(Directory.GetDirectories(folder, "work-*"));
        var result = await client.GetAsync($"/api/v1/studies/{id}/result.json");
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Contains("\"failed\"", await result.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_upload_cut_off_by_a_crash_is_removed_on_the_next_start()
    {
        using var data = TestData.NewTempFolder();
        string id = StudyIds.New();
        using (var factory = new ServerFactory(data.Path, new CountingProcessor(TimeSpan.Zero)))
        {
            _ = factory.CreateClient();
            // What a kill mid-upload leaves: a receiving record and a partial folder nobody writes to any more.
            factory.Services.GetRequiredService<IStudyStore>().Create(new StudyRecord { Id = id, Name = "(uploading)", Status = StudyStatus.Receiving, CreatedUtc = DateTimeOffset.UtcNow });
            var partial = Path.Combine(data.Path, "studies", id, UploadReceiver.PartialPrefix + "dead0000");
            Directory.CreateDirectory(partial);
            File.WriteAllBytes(Path.Combine(partial, "000000-a.dcm"), [1, 2, 3]);
            File.SetLastWriteTimeUtc(Path.Combine(partial, "000000-a.dcm"), DateTime.UtcNow.AddMinutes(-10));
            Directory.SetLastWriteTimeUtc(partial, DateTime.UtcNow.AddMinutes(-10));
        }
        // Killed a moment ago: the partial folder is fresh, but its process (this host, a pid that does not run) is gone.
        string fresh = StudyIds.New();
        using (var factory = new ServerFactory(data.Path, new CountingProcessor(TimeSpan.Zero)))
        {
            _ = factory.CreateClient();
            factory.Services.GetRequiredService<IStudyStore>().Create(new StudyRecord { Id = fresh, Name = "(uploading)", Status = StudyStatus.Receiving, CreatedUtc = DateTimeOffset.UtcNow });
            var partial = Path.Combine(data.Path, "studies", fresh, $"{UploadReceiver.PartialPrefix}{ChestScreener.Files.ProcessStamp.Host()}-{int.MaxValue - 7}-0000beef");
            Directory.CreateDirectory(partial);
            File.WriteAllBytes(Path.Combine(partial, "000000-a.dcm"), [1, 2, 3]);
        }
        using var again = new ServerFactory(data.Path, new CountingProcessor(TimeSpan.Zero));
        _ = again.CreateClient();
        Assert.Null(again.Services.GetRequiredService<IStudyStore>().Get(id));
        Assert.False(Directory.Exists(Path.Combine(data.Path, "studies", id)));
        Assert.Null(again.Services.GetRequiredService<IStudyStore>().Get(fresh));
        Assert.False(Directory.Exists(Path.Combine(data.Path, "studies", fresh)));
    }
}
