using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Pacs;

/// <summary>Background loop that queues STOW-RS studies once they have been quiet for <see cref="PacsOptions.StowQuietSeconds"/>.</summary>
public sealed class StowCompleter(StowStaging staging, IOptions<PacsOptions> options, ILogger<StowCompleter> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var quiet = TimeSpan.FromSeconds(options.Value.StowQuietSeconds);
        var tick = TimeSpan.FromSeconds(Math.Clamp(options.Value.StowQuietSeconds / 4, 0.2, 5));
        // Parts half-received when the process stopped are never completed: drop them (their senders got no success answer).
        Storage.StudyFolders.TryDelete(staging.Incoming);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await staging.CompleteQuietAsync(quiet, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "queuing received STOW-RS studies failed; will retry");
            }
            try { await Task.Delay(tick, stoppingToken); } catch (OperationCanceledException) { break; }
        }
    }
}
