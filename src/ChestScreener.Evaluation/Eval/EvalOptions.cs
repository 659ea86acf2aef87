namespace ChestScreener.Evaluation.Eval;

/// <summary>How `screener eval` runs: the set, the model, outputs, and the slab allowances for short lesion-free studies.</summary>
public sealed record EvalOptions
{
    public required string ManifestPath { get; init; }
    public required string OutputFolder { get; init; }
    public string? ModelDirectory { get; init; }
    public int Threads { get; init; } = 2;
    /// <summary>
    /// Slab mode: the set's studies are lesion-free slabs (60-136 mm) cut from longer scans, so the reader's coverage
    /// minimum drops to <see cref="SlabMinCoverageMm"/> and the chest gate's "lungs cut off at the scan end" rule is
    /// switched off; every other passport and gate rule (modality, body part, lungs present, mediastinum) still applies.
    /// </summary>
    public bool Slabs { get; init; }
    public double SlabMinCoverageMm { get; init; } = 60;
    public int BootstrapResamples { get; init; } = 2000;
    public int Seed { get; init; } = 1;
    /// <summary>The operating point reported besides the shipped one: the highest threshold keeping this sensitivity.</summary>
    public double TargetSensitivity { get; init; } = 0.95;
    /// <summary>Every lesion study with a mask is also scored re-sliced to each of these thicknesses (mm), see ThickSliceSource.</summary>
    public double[] ResliceMm { get; init; } = [];
}
