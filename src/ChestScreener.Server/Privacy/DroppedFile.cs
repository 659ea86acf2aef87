namespace ChestScreener.Server.Privacy;

/// <summary>A file that stripping left out: its neutral name (never the uploaded one) and why it could not be read.</summary>
public sealed record DroppedFile(string File, string Problem);
