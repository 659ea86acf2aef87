using ChestScreener.Server.Storage;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// Sends the DICOM results (SR, SC, SEG) of studies received by STOW-RS, once analysed, to the configured destination
/// (<see cref="ResultDestinations"/>), so that they come back into the sender's PACS under the original study. Failures are
/// retried every round, up to <see cref="MaxTries"/>; runs in API processes when a destination is configured.
/// </summary>
public sealed class ResultSender(IOptions<PacsOptions> options, ResultOutbox outbox, IStudyStore store, StudyFolders folders, ILogger<ResultSender> log)
    : BackgroundService
{
    public const int MaxTries = 60;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (ResultDestinations.Describe(o) is not { } where) return;
        var send = ResultDestinations.Create(o);
        log.LogInformation("Results of STOW-RS studies go to {Destination}", where);
        var tick = TimeSpan.FromSeconds(Math.Clamp(o.OrthancPollSeconds, 0.2, 30));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(send, where, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "sending STOW-RS results failed; will retry");
            }
            try { await Task.Delay(tick, stoppingToken); } catch (OperationCanceledException) { break; }
        }
    }

    private async Task RoundAsync(Func<IReadOnlyList<string>, CancellationToken, Task> send, string where, CancellationToken ct)
    {
        foreach (var id in outbox.Pending())
        {
            var study = store.Get(id);
            if (study is null) { outbox.Remove(id); continue; }
            if (!StudyStatus.IsFinished(study.Status)) continue;
            var output = folders.Output(id);
            var files = Directory.Exists(output) ? Directory.GetFiles(output, "*.dcm").Order(StringComparer.Ordinal).ToArray() : [];
            if (files.Length == 0)
            {
                log.LogInformation("STOW-RS study {Id}: no DICOM results to send ({Status})", id, study.Status);
                outbox.Remove(id);
                continue;
            }
            try
            {
                await send(files, ct);
                outbox.Remove(id);
                log.LogInformation("STOW-RS study {Id}: {Count} result instances sent to {Destination}", id, files.Length, where);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                int tries = outbox.Failed(id);
                if (tries >= MaxTries)
                {
                    outbox.Remove(id, gaveUp: true);
                    log.LogError("STOW-RS study {Id}: results not sent to {Destination} after {Tries} tries, given up: {Message}", id, where, tries, e.Message);
                }
                else log.LogWarning("STOW-RS study {Id}: sending results to {Destination} failed (try {Tries}): {Message}", id, where, tries, e.Message);
            }
        }
    }
}
