namespace ChestScreener.Server.Storage;

/// <summary>One stored study: its state, progress and, once finished, the result.json text.</summary>
public sealed record StudyRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Status { get; init; }
    /// <summary>Who uploaded it ("user:NAME" or "key:ID"); null when uploaded without authentication.</summary>
    public string? Owner { get; init; }
    /// <summary>The uploader's site: callers of the same site may see it.</summary>
    public string? Site { get; init; }
    /// <summary>
    /// The client's Idempotency-Key header of the upload, unique per owner: a client that retries an upload whose
    /// answer it never got finds this study instead of making a second one.
    /// </summary>
    public string? UploadKey { get; init; }
    public string? Stage { get; init; }
    public double Progress { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset? StartedUtc { get; init; }
    public DateTimeOffset? FinishedUtc { get; init; }
    public long InputBytes { get; init; }
    public int FileCount { get; init; }
    public string? JobId { get; init; }
    /// <summary>How many times a worker started this study (a restart during processing makes it 2).</summary>
    public int Runs { get; init; }
    /// <summary>Runs that ended without a result (the worker died or was cut off); a graceful stop gives its run back.</summary>
    public int Attempts { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public string? Verdict { get; init; }
    public double? Probability { get; init; }
    public string? ResultJson { get; init; }
}
