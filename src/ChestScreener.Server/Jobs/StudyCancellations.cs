using System.Collections.Concurrent;

namespace ChestScreener.Server.Jobs;

/// <summary>
/// The analyses running in this process, by study id, so that deleting a study stops its analysis here at once. A worker in
/// another process stops when its next claim renewal finds the study gone (see <see cref="ClaimHeartbeat"/>).
/// </summary>
public sealed class StudyCancellations
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new();

    /// <summary>Registers a running analysis; disposing the result unregisters it.</summary>
    public Registration Register(string studyId)
    {
        var cts = new CancellationTokenSource();
        _running[studyId] = cts;
        return new Registration(this, studyId, cts);
    }

    /// <summary>Cancels the study's analysis if it runs in this process; true when one was cancelled.</summary>
    public bool TryCancel(string studyId)
    {
        if (!_running.TryGetValue(studyId, out var cts)) return false;
        try
        {
            cts.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>One running analysis: its cancellation token, and its place in the registry until disposed.</summary>
    public sealed class Registration(StudyCancellations owner, string studyId, CancellationTokenSource cts) : IDisposable
    {
        public CancellationToken Token => cts.Token;

        public void Dispose()
        {
            owner._running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(studyId, cts));
            cts.Dispose();
        }
    }
}
