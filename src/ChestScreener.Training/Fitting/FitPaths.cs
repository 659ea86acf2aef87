namespace ChestScreener.Training.Fitting;

/// <summary>Where a fit reads and writes: the study manifest, the training run folder (checkpoint, descriptor cache, fit-report.json) and the model package folder.</summary>
public sealed record FitPaths(string Manifest, string RunDirectory, string OutDirectory);
