namespace ChestScreener.Evaluation.Bench;

/// <summary>What `screener bench` measures: one study, R repeats, N threads, a model folder, optional dcm2niix and forward-pass baselines.</summary>
public sealed record BenchOptions
{
    public required string Input { get; init; }
    public int Threads { get; init; } = 2;
    public int Repeat { get; init; } = 3;
    public string? ModelDirectory { get; init; }
    /// <summary>Time dcm2niix converting the same input (DICOM folders only) when it is installed.</summary>
    public bool Dcm2Niix { get; init; } = true;
}
