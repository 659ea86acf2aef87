using System.Collections.Concurrent;
using ChestScreener.Server.Auth;
using ChestScreener.Server.Health;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Audit;

/// <summary>
/// Writes audit rows for requests: the caller's audit name and address come from the request. A view or download repeated by the
/// same caller within <see cref="AuthOptions.AuditRepeatSeconds"/> is not written again (the viewer polls and fetches in ranges).
/// </summary>
public sealed class AuditTrail(IAuditLog log, IOptions<AuthOptions> options, TimeProvider clock, ServiceHealth health, ILogger<AuditTrail> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _recent = new();

    public void Record(HttpContext http, string action, string? target, string? detail = null) =>
        Record(Caller.From(http.User).Actor, http.Connection.RemoteIpAddress?.ToString(), action, target, detail);

    public void Record(string actor, string? address, string action, string? target, string? detail = null)
    {
        var now = clock.GetUtcNow();
        if (action is AuditActions.View or AuditActions.Download && options.Value.AuditRepeatSeconds > 0)
        {
            var key = $"{actor}|{action}|{target}|{detail}";
            var window = TimeSpan.FromSeconds(options.Value.AuditRepeatSeconds);
            if (_recent.TryGetValue(key, out var last) && now - last < window) return;
            _recent[key] = now;
            if (_recent.Count > 50_000) _recent.Clear();
        }
        try
        {
            log.Append(new AuditEntry { AtUtc = now, Actor = actor, Action = action, Target = target, Address = address, Detail = detail });
            health.AuditWritten();
        }
        catch (Exception e)
        {
            // The request already happened; losing its audit row must be loud (error log, counted, health "degraded"), but not
            // turn a download into an error.
            health.AuditFailed(e);
            logger.LogError(e, "audit row not written ({Lost} lost since start): {Actor} {Action} {Target}", health.AuditFailures, actor, action, target);
        }
    }
}
