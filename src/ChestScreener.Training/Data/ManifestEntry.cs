namespace ChestScreener.Training.Data;

/// <summary>One manifest line: a study and the boxes to keep out of training.</summary>
public sealed record ManifestEntry(string Path, IReadOnlyList<LpsBox> Exclude);
