namespace ChestScreener.Server.Api;

/// <summary>
/// GET /health: whether the service answers, and how much work waits. Status is "ok", or "degraded" with the reasons when this
/// process has lost audit rows or found the disk full (still answered with 200: the service works, an operator must look).
/// </summary>
public sealed record HealthDto(string Status, int Queued, int Processing, int Workers, string Store, string Processor, bool Viewer,
    long AuditFailures, IReadOnlyList<string> Problems);
