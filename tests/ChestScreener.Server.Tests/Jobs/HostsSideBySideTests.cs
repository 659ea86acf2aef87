using ChestScreener.Tests;
using Microsoft.Extensions.Logging;

namespace ChestScreener.Server.Tests.Jobs;

/// <summary>
/// Hangfire keeps one log provider per process; a host must keep working after another host in the same process (a test
/// class finishing, a host restarted in place) has been disposed. Before HangfireLogProvider, the survivor's first upload
/// answered 500 (ObjectDisposedException from the disposed host's logger factory) or its Hangfire server never started.
/// </summary>
public sealed class HostsSideBySideTests
{
    [Fact]
    public async Task A_host_uploads_and_analyses_after_another_host_in_the_process_is_disposed()
    {
        using var survivorData = TestData.NewTempFolder();
        using var survivor = new ServerFactory(survivorData.Path, new CountingProcessor(TimeSpan.Zero));
        _ = survivor.Services;
        using (var goneData = TestData.NewTempFolder())
        {
            // The later host resolves Hangfire's configuration last, so the process-wide log provider is its own ...
            using var gone = new ServerFactory(goneData.Path, new CountingProcessor(TimeSpan.Zero));
            var goneClient = gone.CreateClient();
            var first = await TestUploads.UploadAsync(goneClient, ("a.dcm", TestUploads.DicomLike(1)));
            Assert.Equal("done", (await TestUploads.WaitFinishedAsync(goneClient, first.Id)).Status);
        }
        // ... and it is disposed now, with its logger factory. Hangfire makes its loggers through the process-wide provider
        // when a server starts its workers or a job client is built; that must still work.
        Hangfire.Logging.LogProvider.GetLogger(typeof(HostsSideBySideTests)).Log(Hangfire.Logging.LogLevel.Warn, () => "after the other host", null);
        var client = survivor.CreateClient();
        var study = await TestUploads.UploadAsync(client, ("b.dcm", TestUploads.DicomLike(2)));
        Assert.Equal("done", (await TestUploads.WaitFinishedAsync(client, study.Id)).Status);
    }

    [Fact]
    public void The_provider_gives_a_silent_logger_once_its_logger_factory_is_disposed()
    {
        var factory = LoggerFactory.Create(b => b.AddConsole());
        var provider = new Server.Jobs.HangfireLogProvider(factory);
        var early = provider.GetLogger("early");
        Assert.True(early.Log(Hangfire.Logging.LogLevel.Warn, null)); // a null message asks whether the level is on
        factory.Dispose();
        // Hangfire's own provider throws here; this is what failed a second host's uploads.
        Assert.Throws<ObjectDisposedException>(() => new Hangfire.AspNetCore.AspNetCoreLogProvider(factory).GetLogger("late"));
        var late = provider.GetLogger("late");
        Assert.False(late.Log(Hangfire.Logging.LogLevel.Error, () => "nobody hears this", null));
        early.Log(Hangfire.Logging.LogLevel.Error, () => "nor this", null);
    }
}
