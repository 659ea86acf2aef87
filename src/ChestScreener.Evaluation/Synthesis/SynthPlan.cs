namespace ChestScreener.Evaluation.Synthesis;

/// <summary>One synthetic study of the set: its name, the lesion, and which usable slab (by position) it goes into.</summary>
public sealed record SynthPlanEntry(string Name, LesionSpec Spec, int Slab);

/// <summary>
/// The default evaluation set: every lesion kind at several sizes, spread round-robin over the usable lesion-free slabs.
/// Sizes: nodule diameter; patch/consolidation/emphysema region extent; effusion depth; pneumothorax rim width (mm).
/// </summary>
public static class SynthPlan
{
    private static readonly LesionSpec[] Lesions =
    [
        new(LesionKind.SolidNodule, 6, "smooth"),
        new(LesionKind.SolidNodule, 10, "lobulated"),
        new(LesionKind.SolidNodule, 15, "spiculated"),
        new(LesionKind.SolidNodule, 22, "lobulated"),
        new(LesionKind.SolidNodule, 30, "spiculated"),
        new(LesionKind.PartSolidNodule, 12),
        new(LesionKind.PartSolidNodule, 20),
        new(LesionKind.GroundGlassNodule, 10),
        new(LesionKind.GroundGlassNodule, 20),
        new(LesionKind.GroundGlassPatches, 40, "crazy_paving"),
        new(LesionKind.GroundGlassPatches, 50, "mixed"),
        new(LesionKind.Consolidation, 40),
        new(LesionKind.Consolidation, 60),
        new(LesionKind.PleuralEffusion, 15),
        new(LesionKind.PleuralEffusion, 35, Side: "both"),
        new(LesionKind.Pneumothorax, 10),
        new(LesionKind.Pneumothorax, 25),
        new(LesionKind.Emphysema, 60),
    ];

    /// <summary>The default entries over <paramref name="slabCount"/> slabs; <paramref name="limit"/> keeps the first n (0 = all).</summary>
    public static List<SynthPlanEntry> Default(int slabCount, int limit = 0)
    {
        if (slabCount < 1) throw new ArgumentException("no usable lesion-free slab");
        var list = new List<SynthPlanEntry>();
        for (int i = 0; i < Lesions.Length && (limit <= 0 || i < limit); i++)
        {
            var s = Lesions[i];
            string name = $"{i + 1:00}-{s.Kind.ToWire().Replace('_', '-')}-{s.SizeMm:0}mm";
            list.Add(new SynthPlanEntry(name, s, i % slabCount));
        }
        return list;
    }
}
