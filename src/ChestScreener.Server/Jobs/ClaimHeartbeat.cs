using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Jobs;

/// <summary>
/// Renews a worker's claim on a study every third of the lease while it runs. When a renewal finds the claim gone (the study was
/// deleted, or the lease lapsed and another worker took it over), <see cref="Lost"/> is cancelled so the run stops and discards
/// its work. A renewal that fails because the database is briefly unreachable is only logged: the next one tries again.
/// </summary>
public sealed class ClaimHeartbeat : IDisposable
{
    private readonly IStudyStore _store;
    private readonly string _studyId;
    private readonly string _worker;
    private readonly TimeSpan _lease;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _lost = new();
    private readonly Timer _timer;
    private int _disposed;

    public ClaimHeartbeat(IStudyStore store, string studyId, string worker, TimeSpan lease, ILogger log)
    {
        (_store, _studyId, _worker, _lease, _log) = (store, studyId, worker, lease, log);
        _timer = new Timer(_ => Beat(), null, lease / 3, lease / 3);
    }

    public CancellationToken Lost => _lost.Token;

    private void Beat()
    {
        if (Volatile.Read(ref _disposed) != 0) return;
        try
        {
            if (_store.RenewClaim(_studyId, _worker, _lease)) return;
            _log.LogWarning("study {Id}: the claim could not be renewed (the study was deleted or taken over); stopping this run", _studyId);
            _lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the cancel: the run is over anyway.
        }
        catch (Exception e)
        {
            // A timer callback that throws would end the process.
            _log.LogWarning("study {Id}: claim renewal failed ({Message}); trying again at the next beat", _studyId, e.Message);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _timer.Dispose();
        _lost.Dispose();
    }
}
