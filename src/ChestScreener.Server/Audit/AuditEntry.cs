namespace ChestScreener.Server.Audit;

/// <summary>One audit row: who did what to which study (or user/key), when, from where. Ids only, never patient data.</summary>
public sealed record AuditEntry
{
    /// <summary>Sequence number given by the log (0 before it is appended).</summary>
    public long Seq { get; init; }
    public DateTimeOffset AtUtc { get; init; }
    /// <summary>"user:NAME", "key:ID (NAME)", "local" (--no-auth) or "cli:OSUSER".</summary>
    public required string Actor { get; init; }
    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; init; }
    /// <summary>A study id, a user name or a key id; null for actions without one (login failure of an unknown name keeps the name here).</summary>
    public string? Target { get; init; }
    /// <summary>Client address as the server saw it (the proxy's, behind a reverse proxy).</summary>
    public string? Address { get; init; }
    /// <summary>Short free text: the file downloaded, the role given, why it failed.</summary>
    public string? Detail { get; init; }
}
