using System.Collections.Concurrent;
using ChestScreener.Server.Auth;
using ChestScreener.Server.Health;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Audit;

/// <summary>
/// Writes audit rows for requests: the caller's audit name and address come from the request. A view or download repeated by the
/// same caller within <see cref="AuthOptions.AuditRepeatSeconds"/> is not written again (the viewer polls and fetches in ranges).
/// Refused logins beyond <see cref="AuthOptions.AuditRefusalsPerMinute"/> a minute are summed up in one row (<see cref="RefusalTally"/>).
/// </summary>
public sealed class AuditTrail : IDisposable
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _recent = new();
    private readonly IAuditLog _log;
    private readonly IOptions<AuthOptions> _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<AuditTrail> _logger;
    private readonly ServiceHealth _health;
    private readonly RefusalTally _refusals;
    private readonly ITimer _flush;

    public AuditTrail(IAuditLog log, IOptions<AuthOptions> options, TimeProvider clock, ServiceHealth health, ILogger<AuditTrail> logger)
    {
        (_log, _options, _clock, _health, _logger) = (log, options, clock, health, logger);
        _refusals = new RefusalTally(options.Value.AuditRefusalsPerMinute);
        // A spray that stops still gets its summary row soon after its minute ends, not at the next refusal.
        _flush = clock.CreateTimer(_ => WriteSummary(force: false), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    public void Record(HttpContext http, string action, string? target, string? detail = null) =>
        Record(Caller.From(http.User).Actor, http.Connection.RemoteIpAddress?.ToString(), action, target, detail);

    public void Record(string actor, string? address, string action, string? target, string? detail = null)
    {
        var now = _clock.GetUtcNow();
        if (action == AuditActions.LoginFailed)
        {
            var own = _refusals.Admit(now, address, out var summary);
            if (summary is not null) Append(summary);
            if (!own) return;
        }
        if (action is AuditActions.View or AuditActions.Download && _options.Value.AuditRepeatSeconds > 0)
        {
            var key = $"{actor}|{action}|{target}|{detail}";
            var window = TimeSpan.FromSeconds(_options.Value.AuditRepeatSeconds);
            if (_recent.TryGetValue(key, out var last) && now - last < window) return;
            _recent[key] = now;
            if (_recent.Count > 50_000) _recent.Clear();
        }
        Append(new AuditEntry { AtUtc = now, Actor = actor, Action = action, Target = target, Address = address, Detail = detail });
    }

    /// <summary>Writes the summary of refused logins not yet written (at shutdown: also the current minute's).</summary>
    public void Dispose()
    {
        _flush.Dispose();
        WriteSummary(force: true);
    }

    private void WriteSummary(bool force)
    {
        if (_refusals.TakeSummary(_clock.GetUtcNow(), force) is { } summary) Append(summary);
    }

    private void Append(AuditEntry entry)
    {
        try
        {
            _log.Append(entry);
            _health.AuditWritten();
        }
        catch (Exception e)
        {
            // The request already happened; losing its audit row must be loud (error log, counted, health "degraded"), but not
            // turn a download into an error.
            _health.AuditFailed(e);
            _logger.LogError(e, "audit row not written ({Lost} lost since start): {Actor} {Action} {Target}", _health.AuditFailures, entry.Actor, entry.Action, entry.Target);
        }
    }
}
