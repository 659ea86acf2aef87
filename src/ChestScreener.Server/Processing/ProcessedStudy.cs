using ChestScreener.Results;

namespace ChestScreener.Server.Processing;

/// <summary>What an analysis left in its output folder: the result (also written there as result.json) and the files it made.</summary>
public sealed record ProcessedStudy(StudyResult Result, IReadOnlyList<string> Files);
