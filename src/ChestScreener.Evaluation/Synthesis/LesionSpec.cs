namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// What to insert: kind, size (nodule diameter; patch/region extent; effusion depth; pneumothorax rim width, all mm),
/// a variant (nodule margin "smooth|lobulated|spiculated"; "crazy_paving"/"mixed" for patches) and the side
/// ("right|left|any"; effusions also "both").
/// </summary>
public sealed record LesionSpec(LesionKind Kind, double SizeMm, string Variant = "", string Side = "any");
