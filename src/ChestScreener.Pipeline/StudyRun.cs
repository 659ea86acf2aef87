using ChestScreener.Results;

namespace ChestScreener.Pipeline;

/// <summary>What one pipeline run produced: the result (also in Folder/result.json when a folder was chosen).</summary>
public sealed record StudyRun(StudyResult Result, string? Folder);
