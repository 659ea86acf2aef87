namespace ChestScreener.Server.Uploads;

/// <summary>What an accepted upload held: a display name, how many files were kept and skipped, and their total size.</summary>
public sealed record UploadSummary(string Name, int Files, int Skipped, long Bytes, FileKind Kind);
