using ChestScreener.Results;

namespace ChestScreener.Server.Api;

/// <summary>A study as the API shows it: state, progress, verdict and, for one study, the full result.</summary>
public sealed record StudyDto
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>queued | processing | done | rejected | failed</summary>
    public required string Status { get; init; }
    public string? Stage { get; init; }
    /// <summary>Percent of the analysis done (0..100).</summary>
    public double Progress { get; init; }
    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset? StartedUtc { get; init; }
    public DateTimeOffset? FinishedUtc { get; init; }
    /// <summary>Seconds from the start of the analysis to its end (or to now while it runs).</summary>
    public double? ProcessingS { get; init; }
    public int Files { get; init; }
    public long Bytes { get; init; }
    public string? Verdict { get; init; }
    public double? ProbabilityOfPathology { get; init; }
    public Rejection? Rejection { get; init; }
    /// <summary>Download links of the files this study has (present once finished).</summary>
    public Dictionary<string, string> Links { get; init; } = [];
    /// <summary>Whose scan (from the result's DICOM tags; absent when identifiers were stripped or before the study finished).</summary>
    public PatientInfo? Patient { get; init; }
    /// <summary>The result.json content (only on GET /studies/{id}).</summary>
    public StudyResult? Result { get; init; }
}
