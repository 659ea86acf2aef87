namespace ChestScreener.Evaluation.Synthesis;

/// <summary>snake_case names of <see cref="LesionKind"/> as they appear in manifests and reports.</summary>
public static class LesionKinds
{
    private static readonly string[] Names =
    [
        "solid_nodule", "part_solid_nodule", "ground_glass_nodule", "ground_glass_patches", "consolidation",
        "pleural_effusion", "pneumothorax", "emphysema",
    ];

    public static string ToWire(this LesionKind kind) => Names[(int)kind];

    public static LesionKind Parse(string name)
    {
        int i = Array.IndexOf(Names, name.Trim().ToLowerInvariant());
        if (i < 0) throw new ArgumentException($"unknown lesion kind '{name}' (known: {string.Join(", ", Names)})");
        return (LesionKind)i;
    }

    public static IReadOnlyList<string> All => Names;
}
