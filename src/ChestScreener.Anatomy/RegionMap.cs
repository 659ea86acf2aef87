namespace ChestScreener.Anatomy;

/// <summary>Label ids of the region volume and their result.json names (docs/ARCHITECTURE.md); 0 is outside the body.</summary>
public static class RegionMap
{
    public const byte Outside = 0;
    public const byte RightLungUpper = 1;
    public const byte RightLungMiddle = 2;
    public const byte RightLungLower = 3;
    public const byte LeftLungUpper = 4;
    public const byte LeftLungMiddle = 5;
    public const byte LeftLungLower = 6;
    public const byte Airways = 7;
    /// <summary>The lung labels are the range <see cref="FirstLung"/>..<see cref="LastLung"/> (right upper to left lower).</summary>
    public const byte FirstLung = RightLungUpper;
    public const byte LastLung = LeftLungLower;
    public const byte Mediastinum = 8;
    public const byte Heart = 9;
    public const byte PleuraChestWall = 10;
    public const byte Other = 11;

    private static readonly string[] Names =
    [
        "outside", "right_lung_upper", "right_lung_middle", "right_lung_lower", "left_lung_upper", "left_lung_middle",
        "left_lung_lower", "airways", "mediastinum", "heart", "pleura_chest_wall", "other",
    ];

    public static int Count => Names.Length;

    public static string Name(byte label) => label < Names.Length ? Names[label] : "other";

    public static bool IsLung(byte label) => label >= FirstLung && label <= LastLung;

    public static bool IsRightLung(byte label) => label >= RightLungUpper && label <= RightLungLower;

    public static bool IsLeftLung(byte label) => label >= LeftLungUpper && label <= LeftLungLower;

    /// <summary>label id -> name, as written to regions.json.</summary>
    public static IReadOnlyDictionary<int, string> ToDictionary()
    {
        var d = new Dictionary<int, string>();
        for (int i = 0; i < Names.Length; i++) d[i] = Names[i];
        return d;
    }
}
