namespace ChestScreener.Evaluation.Bench;

/// <summary>bench.json: per-stage time over the repeats, peak memory, and the ratios to dcm2niix reading and to one descriptor forward pass.</summary>
public sealed record BenchReport
{
    public required string Input { get; init; }
    public required int Threads { get; init; }
    public required int Repeat { get; init; }
    public required string Machine { get; init; }
    public string Model { get; init; } = "";
    public Dictionary<string, Stat> StagesS { get; init; } = new();
    public double PeakMemoryMb { get; init; }
    public Stat? Dcm2NiixS { get; init; }
    /// <summary>Median load stage / median dcm2niix conversion of the same folder.</summary>
    public double? LoadVsDcm2Niix { get; init; }
    public int? ForwardWindow { get; init; }
    public Stat? ForwardPassS { get; init; }
    /// <summary>Median model stage / median single forward pass: the model stage's cost in forward passes.</summary>
    public double? ModelVsForwardPass { get; init; }
    /// <summary>Median total / median single forward pass.</summary>
    public double? TotalVsForwardPass { get; init; }
    public List<string> Notes { get; init; } = [];
}
