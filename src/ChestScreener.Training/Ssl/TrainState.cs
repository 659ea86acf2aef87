namespace ChestScreener.Training.Ssl;

/// <summary>What a resumed run needs besides the weights: steps done and time spent so far.</summary>
public sealed record TrainState
{
    public int Step { get; init; }
    public double ElapsedSeconds { get; init; }
    public double LastLoss { get; init; }
    public string Updated { get; init; } = "";
}
