namespace ChestScreener.Training.Ssl;

/// <summary>DenseVICReg training settings (command-line `screener train`), saved beside the checkpoints.</summary>
public sealed record TrainOptions
{
    public string Manifest { get; init; } = "";
    public string RunDirectory { get; init; } = "artifacts/train-run";
    /// <summary>Wall-clock budget in minutes, summed over resumed runs.</summary>
    public double Minutes { get; init; } = 60;
    public int MaxSteps { get; init; } = int.MaxValue;
    public int BatchPairs { get; init; } = 2;
    /// <summary>Edge of each view's cube (voxels of the model grid).</summary>
    public int Crop { get; init; } = 40;
    public int Points { get; init; } = 512;
    public int BaseChannels { get; init; } = 8;
    public int Levels { get; init; } = 4;
    public int Dim { get; init; } = 32;
    public int ProjectorDim { get; init; } = 128;
    public double LearningRate { get; init; } = 2e-3;
    public double CheckpointMinutes { get; init; } = 4;
    public int Threads { get; init; } = 2;
    public int Seed { get; init; } = 1234;
    /// <summary>Exclusion boxes are widened by this before crops are tested against them.</summary>
    public double DilateMm { get; init; } = 15;
    public double InvarianceWeight { get; init; } = 25;
    public double VarianceWeight { get; init; } = 25;
    public double CovarianceWeight { get; init; } = 1;
}
