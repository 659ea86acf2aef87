using System.Net;
using ChestScreener.Server.Api;
using ChestScreener.Server.Processing;
using ChestScreener.Tests;

namespace ChestScreener.Server.Tests;

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
            // One analysing (held), two waiting: the queue is full.
            for (int i = 1; i <= 3; i++) await Uploads.UploadAsync(client, ($"{i}.dcm", Uploads.DicomLike(i)));
            HttpResponseMessage refused;
            var until = DateTime.UtcNow.AddSeconds(30);
            do
            {
                refused = await client.PostAsync("/dicomweb/studies", RawBodies.Content(true, RawBodies.Part(true, RawBodies.DicomLike(4)) + RawBodies.End));
                if (refused.StatusCode == HttpStatusCode.TooManyRequests || DateTime.UtcNow > until) break;
                await Task.Delay(100); // the first study may not have left the queue yet
            } while (true);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(9), refused.Headers.RetryAfter?.Delta);
            Assert.Equal(Problems.Busy, (await Uploads.ProblemAsync(refused)).GetProperty("code").GetString());
        }
        finally
        {
            held.Release();
        }
    }
}
