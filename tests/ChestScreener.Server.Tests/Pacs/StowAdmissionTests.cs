using System.Net;
using ChestScreener.Server.Api;
using ChestScreener.Server.Processing;
using ChestScreener.Tests;
using ChestScreener.Server.Testing;
using ChestScreener.Server.Tests.Uploads;

namespace ChestScreener.Server.Tests.Pacs;

/// <summary>STOW-RS passes the same admission check as uploads (issue 20, finding 3): a full queue answers 429 before the body is read.</summary>
public sealed class StowAdmissionTests
{
    /// <summary>Holds every analysis until released, so the studies behind the first stay queued.</summary>
    private sealed class HeldProcessor : IStudyProcessor
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly FakeStudyProcessor _inner = new(TimeSpan.Zero);

        public void Release() => _gate.TrySetResult();

        public async Task<ProcessedStudy> ProcessAsync(string input, string output, IProgress<StudyProgress> progress, CancellationToken ct)
        {
            await _gate.Task.WaitAsync(ct);
            return await _inner.ProcessAsync(input, output, progress, ct);
        }
    }

    [Fact]
    public async Task Stow_gets_429_with_retry_after_while_the_queue_is_full()
    {
        using var data = TestData.NewTempFolder();
        var held = new HeldProcessor();
        using var factory = new ServerFactory(data.Path, held, new Dictionary<string, string>
        {
            ["Screener:MaxQueuedStudies"] = "2", ["Screener:RetryAfterSeconds"] = "9",
        });
        var client = factory.CreateClient();
        try
        {
            // One analysing (held), two waiting: the queue is full. The first must have left the queue before the third
            // upload, or that upload is the one refused.
            var first = await TestUploads.UploadAsync(client, ("1.dcm", TestUploads.DicomLike(1)));
            var until = DateTime.UtcNow.AddSeconds(30);
            while ((await TestUploads.GetAsync(client, first.Id)).Status != "processing" && DateTime.UtcNow < until) await Task.Delay(50);
            for (int i = 2; i <= 3; i++) await TestUploads.UploadAsync(client, ($"{i}.dcm", TestUploads.DicomLike(i)));
            var refused = await client.PostAsync("/dicomweb/studies", RawBodies.Content(true, RawBodies.Part(true, RawBodies.DicomLike(4)) + RawBodies.End));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(9), refused.Headers.RetryAfter?.Delta);
            Assert.Equal(Problems.Busy, (await TestUploads.ProblemAsync(refused)).GetProperty("code").GetString());
        }
        finally
        {
            held.Release();
        }
    }
}
