using ChestScreener.Server.Options;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Jobs;

/// <summary>
/// Keeps the analyses running in this process within the memory budget. <see cref="StudyJob"/> refuses a study whose measured
/// estimate alone exceeds it; one whose estimate is only the upload-size fallback and exceeds it runs, but alone.
/// </summary>
public sealed class MemoryGate(IOptions<ServerOptions> options)
{
    private readonly long _budget = (long)options.Value.MemoryBudgetMb << 20;
    private readonly object _lock = new();
    private long _inUse;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long InUseBytes { get { lock (_lock) return _inUse; } }

    public long BudgetBytes => _budget;

    public async Task<IDisposable> AcquireAsync(long bytes, CancellationToken ct)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_inUse == 0 || _inUse + bytes <= _budget)
                {
                    _inUse += bytes;
                    return new Lease(this, bytes);
                }
                wait = _released.Task;
            }
            await wait.WaitAsync(ct);
        }
    }

    private void Release(long bytes)
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            _inUse -= bytes;
            released = _released;
            _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        released.TrySetResult();
    }

    private sealed class Lease(MemoryGate gate, long bytes) : IDisposable
    {
        private int _done;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release(bytes);
        }
    }
}
