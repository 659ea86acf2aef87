namespace ChestScreener.Server.Health;

/// <summary>
/// Faults of this process that GET /api/v1/health reports as "degraded": audit rows that could not be written (the request they
/// belong to still went through), and analyses that found the disk full. Each clears once the same kind of write succeeds again;
/// the count of lost audit rows stays.
/// </summary>
public sealed class ServiceHealth(TimeProvider clock)
{
    private readonly object _lock = new();
    private long _auditFailures;
    private string? _auditProblem;
    private string? _storageProblem;

    public long AuditFailures { get { lock (_lock) return _auditFailures; } }

    public void AuditWritten()
    {
        lock (_lock) _auditProblem = null;
    }

    public void AuditFailed(Exception e)
    {
        var why = StorageErrors.IsDiskFull(e) ? "the disk is full" : e.Message;
        lock (_lock)
        {
            _auditFailures++;
            _auditProblem = $"audit rows are not being written ({_auditFailures} lost since start, last at {clock.GetUtcNow():u}): {why}";
        }
    }

    public void AnalysisStorageFull(string studyId)
    {
        lock (_lock) _storageProblem = $"analyses cannot store their results: the disk is full (study {studyId} at {clock.GetUtcNow():u})";
    }

    public void AnalysisStored()
    {
        lock (_lock) _storageProblem = null;
    }

    /// <summary>What is wrong now, one sentence each; empty when healthy.</summary>
    public IReadOnlyList<string> Problems()
    {
        lock (_lock) return new[] { _auditProblem, _storageProblem }.OfType<string>().ToArray();
    }
}
