namespace ChestScreener.Reports.Images;

/// <summary>A display window in HU (width, level); the presets radiologists expect.</summary>
public readonly record struct WindowPreset(string Name, double Width, double Level)
{
    public static readonly WindowPreset Lung = new("lung", 1500, -600);
    public static readonly WindowPreset Mediastinum = new("mediastinum", 400, 40);
    public static readonly WindowPreset Bone = new("bone", 1800, 400);

    public double Low => Level - Width / 2;
    public double High => Level + Width / 2;
}
