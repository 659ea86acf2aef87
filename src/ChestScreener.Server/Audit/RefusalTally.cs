namespace ChestScreener.Server.Audit;

/// <summary>
/// Bounds the audit rows of refused logins: per clock minute the first <c>rowsPerMinute</c> are written one by one and the rest
/// are counted, to be written as one summary row when the minute is over. An attacker spraying logins thus adds at most
/// rowsPerMinute + 1 rows a minute to the append-only log, while a handful of mistyped passwords stay individual rows.
/// </summary>
public sealed class RefusalTally(int rowsPerMinute)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _byAddress = new(StringComparer.Ordinal);
    private long _minute = long.MinValue;
    private int _written;
    private int _counted;

    /// <summary>
    /// True when this refusal gets its own row; false when it is only counted. <paramref name="summary"/> is the summary of an
    /// earlier minute that has just ended (write it first), or null.
    /// </summary>
    public bool Admit(DateTimeOffset now, string? address, out AuditEntry? summary)
    {
        lock (_lock)
        {
            summary = Summarise(now, force: false);
            var minute = now.ToUnixTimeSeconds() / 60;
            if (minute != _minute)
            {
                _minute = minute;
                _written = 0;
            }
            if (_written < rowsPerMinute)
            {
                _written++;
                return true;
            }
            _counted++;
            // Count per address only up to a bound: many addresses in one minute must not grow memory without end.
            var key = address is not null && (_byAddress.Count < 10_000 || _byAddress.ContainsKey(address)) ? address : "other";
            _byAddress[key] = _byAddress.GetValueOrDefault(key) + 1;
            return false;
        }
    }

    /// <summary>The summary of the counted refusals once their minute is over (or now, with <paramref name="force"/>, at shutdown); null if none.</summary>
    public AuditEntry? TakeSummary(DateTimeOffset now, bool force)
    {
        lock (_lock) return Summarise(now, force);
    }

    private AuditEntry? Summarise(DateTimeOffset now, bool force)
    {
        if (_counted == 0 || (!force && now.ToUnixTimeSeconds() / 60 == _minute)) return null;
        var (top, topCount) = _byAddress.MaxBy(kv => kv.Value);
        var start = DateTimeOffset.FromUnixTimeSeconds(_minute * 60);
        var entry = new AuditEntry
        {
            AtUtc = now,
            Actor = "anonymous",
            Action = AuditActions.LoginFailed,
            Address = top,
            Detail = $"{_counted} more refused logins in the minute from {start:yyyy-MM-dd HH:mm} UTC, not listed one by one " +
                $"({_byAddress.Count} address(es); most from {top}: {topCount})",
        };
        _counted = 0;
        _byAddress.Clear();
        return entry;
    }
}
