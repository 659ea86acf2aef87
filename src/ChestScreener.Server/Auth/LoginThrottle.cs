using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Auth;

/// <summary>
/// Locks a login name after repeated failures, whether or not the name exists (so a lock tells nothing about who has an account).
/// Kept in this process's memory: a restart or another server process starts counting afresh.
/// </summary>
public sealed class LoginThrottle(IOptions<AuthOptions> options, TimeProvider? clock = null)
{
    private readonly ConcurrentDictionary<string, State> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    private sealed class State
    {
        public int Failures;
        public int Locks;
        public DateTimeOffset LockedUntil;
    }

    /// <summary>How long the name stays locked; zero when it may try now.</summary>
    public TimeSpan LockedFor(string name)
    {
        if (!_names.TryGetValue(name, out var s)) return TimeSpan.Zero;
        lock (s)
        {
            var left = s.LockedUntil - _clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    public void Failed(string name)
    {
        var o = options.Value;
        var s = _names.GetOrAdd(name, _ => new State());
        lock (s)
        {
            if (++s.Failures < o.MaxFailedLogins) return;
            s.Failures = 0;
            var minutes = Math.Min(24 * 60, o.LockoutMinutes * Math.Pow(2, s.Locks++));
            s.LockedUntil = _clock.GetUtcNow().AddMinutes(minutes);
        }
        // Bound the table: a spray of random names must not grow memory without end, nor lift the locks that are running.
        if (_names.Count > 100_000)
        {
            var now = _clock.GetUtcNow();
            foreach (var (key, state) in _names)
            {
                if (state.LockedUntil <= now) _names.TryRemove(key, out _);
            }
        }
    }

    public void Succeeded(string name) => _names.TryRemove(name, out _);
}
