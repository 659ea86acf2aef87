namespace ChestScreener.Server.Audit;

/// <summary>Append-only record of who uploaded, viewed, downloaded and deleted what; entries are never changed or removed.</summary>
public interface IAuditLog
{
    void Append(AuditEntry entry);
    /// <summary>Entries oldest first, optionally only one study's / target's and only after a sequence number; at most <paramref name="limit"/>.</summary>
    IReadOnlyList<AuditEntry> Read(string? target = null, long afterSeq = 0, int limit = 1000);
}
