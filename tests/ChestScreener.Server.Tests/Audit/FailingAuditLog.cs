using ChestScreener.Server.Audit;

namespace ChestScreener.Server.Tests.Audit;

/// <summary>An audit log on a full disk: every append fails with ENOSPC, as SQLite's or the file system's would; nothing is stored.</summary>
public sealed class FailingAuditLog : IAuditLog
{
    private int _tries;

    public int Tries => Volatile.Read(ref _tries);

    public void Append(AuditEntry entry)
    {
        Interlocked.Increment(ref _tries);
        throw new IOException("No space left on device", 28);
    }

    public IReadOnlyList<AuditEntry> Read(string? target = null, long afterSeq = 0, int limit = 1000) => [];
}
