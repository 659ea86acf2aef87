namespace ChestScreener.Evaluation.Synthesis;

/// <summary>The lesion types the generator can insert (wire names in <see cref="LesionKinds"/>).</summary>
public enum LesionKind
{
    SolidNodule,
    PartSolidNodule,
    GroundGlassNodule,
    GroundGlassPatches,
    Consolidation,
    PleuralEffusion,
    Pneumothorax,
    Emphysema,
}
