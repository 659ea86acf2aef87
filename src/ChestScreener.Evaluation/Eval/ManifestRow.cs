namespace ChestScreener.Evaluation.Eval;

/// <summary>
/// One study of a labelled set. Label: "normal", "pathology", or "reject" (an input the passport or chest gate must
/// refuse). Mask (NIfTI, non-zero = lesion) and BoxLps (xmin ymin zmin xmax ymax zmax, mm) are optional truth;
/// Kind and SizeMm group the detection table. A mask may be a label map (lesion k = k); a lesions.json beside it gives
/// each lesion's diameter. Model, Patient and Fold make a cross-validation set: each row is scored by the model of the
/// fold that left its patient out. Paths are absolute or relative to the manifest's folder.
/// </summary>
public sealed record ManifestRow
{
    public required string Study { get; init; }
    public required string Path { get; init; }
    public required string Label { get; init; }
    public string Kind { get; init; } = "";
    public double? SizeMm { get; init; }
    public string Variant { get; init; } = "";
    public string Source { get; init; } = "";
    public string Mask { get; init; } = "";
    public double[]? BoxLps { get; init; }
    public double[]? CenterLps { get; init; }
    public double? LesionMl { get; init; }
    public double? NoiseSd { get; init; }
    public int? Seed { get; init; }
    public string Description { get; init; } = "";
    /// <summary>Model folder that scores this row (a cross-validation fold's model); empty = the run's model.</summary>
    public string Model { get; init; } = "";
    /// <summary>Patient the study belongs to (cross-validation reports by patient).</summary>
    public string Patient { get; init; } = "";
    /// <summary>Cross-validation fold whose model left this patient out.</summary>
    public string Fold { get; init; } = "";

    public bool IsPathology => Label == "pathology";
    public bool IsNormal => Label == "normal";
    public bool IsReject => Label == "reject";
}
