using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Auth;

/// <summary>
/// Locks a login name after repeated failures, whether or not the name exists (so a lock tells nothing about who has an account),
/// and a client address after many failures with any names (so spraying names from one address stops too, before the slow
/// password hash is computed for each try). Kept in this process's memory: a restart or another server process starts afresh.
/// </summary>
public sealed class LoginThrottle(IOptions<AuthOptions> options, TimeProvider? clock = null)
{
    private const int MaxTracked = 100_000;
    private readonly ConcurrentDictionary<string, State> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, State> _addresses = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    private sealed class State
    {
        public int Failures;
        public int Locks;
        public DateTimeOffset LockedUntil;
        public DateTimeOffset LastFailure;
    }

    /// <summary>How long the name, or the address the try comes from, stays locked (the longer); zero when it may try now.</summary>
    public TimeSpan LockedFor(string name, string? address = null)
    {
        var byName = Left(_names, name);
        return address is null ? byName : Max(byName, Left(_addresses, address));
    }

    public void Failed(string name, string? address = null)
    {
        var o = options.Value;
        Count(_names, name, o.MaxFailedLogins, window: null);
        if (address is not null) Count(_addresses, address, o.MaxFailedLoginsPerAddress, TimeSpan.FromMinutes(o.AddressWindowMinutes));
    }

    /// <summary>
    /// Clears the name's count. An address keeps its count: otherwise an attacker with one valid account could log in between
    /// tries and spray other names without end; its failures lapse after <see cref="AuthOptions.AddressWindowMinutes"/>.
    /// </summary>
    public void Succeeded(string name) => _names.TryRemove(name, out _);

    private TimeSpan Left(ConcurrentDictionary<string, State> table, string key)
    {
        if (!table.TryGetValue(key, out var s)) return TimeSpan.Zero;
        lock (s)
        {
            var left = s.LockedUntil - _clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    private void Count(ConcurrentDictionary<string, State> table, string key, int limit, TimeSpan? window)
    {
        var now = _clock.GetUtcNow();
        var s = table.GetOrAdd(key, _ => new State());
        lock (s)
        {
            if (window is { } w && now - s.LastFailure > w) s.Failures = 0;
            s.LastFailure = now;
            if (++s.Failures < limit) return;
            s.Failures = 0;
            var minutes = Math.Min(24 * 60, options.Value.LockoutMinutes * Math.Pow(2, s.Locks++));
            s.LockedUntil = now.AddMinutes(minutes);
        }
        // Bound the table: a spray of random names must not grow memory without end, nor lift the locks that are running.
        if (table.Count > MaxTracked)
        {
            foreach (var (k, state) in table)
            {
                if (state.LockedUntil <= now) table.TryRemove(k, out _);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
