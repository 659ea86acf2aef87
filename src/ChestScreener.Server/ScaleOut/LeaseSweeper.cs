using ChestScreener.Server.Jobs;
using ChestScreener.Server.Storage;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.ScaleOut;

/// <summary>
/// Periodically queues again every study whose worker stopped renewing its claim (killed, crashed, or cut off from the
/// database), so another worker finishes it within about one lease instead of Hangfire's invisibility timeout.
/// <see cref="StudyRecovery"/> does the same once at start for jobs that are gone; the store hands each lapsed study to one
/// sweeper only, and <see cref="StudyJob"/>'s claim keeps a re-delivered duplicate job from running it twice.
/// </summary>
public sealed class LeaseSweeper(IStudyStore store, IServiceScopeFactory scopes, IOptions<ScaleOutOptions> options, ILogger<LeaseSweeper> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.SweepSeconds));
        while (await NextTick(timer, stoppingToken))
        {
            try
            {
                SweepOnce();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly unreachable; the next tick tries again.
                log.LogWarning("lease sweep failed: {Message}", e.Message);
            }
        }
    }

    // A host whose start fails (e.g. Auth/OpenAccessGuard refusing) cancels this loop without a stop: that is an end, not a fault.
    private static async Task<bool> NextTick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>One pass; returns the studies queued again.</summary>
    public IReadOnlyList<string> SweepOnce()
    {
        var lapsed = store.RequeueLapsed();
        if (lapsed.Count == 0) return lapsed;
        using var scope = scopes.CreateScope();
        var queue = scope.ServiceProvider.GetRequiredService<StudyQueue>();
        foreach (var id in lapsed)
        {
            log.LogWarning("study {Id}: its worker stopped renewing the claim; queued again", id);
            queue.Enqueue(id);
        }
        return lapsed;
    }
}
