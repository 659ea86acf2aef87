namespace ChestScreener.Anatomy.TotalSegmentator;

/// <summary>Which label ids of a TotalSegmentator multi-label file (--ml) mean which structure; a registry tests can read.</summary>
public sealed record TotalSegmentatorClasses
{
    /// <summary>Ids of the v2 "total" task (TotalSegmentator 2.x class map).</summary>
    public static TotalSegmentatorClasses TotalV2 { get; } = new();

    public int LungUpperLobeLeft { get; init; } = 10;
    public int LungLowerLobeLeft { get; init; } = 11;
    public int LungUpperLobeRight { get; init; } = 12;
    public int LungMiddleLobeRight { get; init; } = 13;
    public int LungLowerLobeRight { get; init; } = 14;
    public int Esophagus { get; init; } = 15;
    public int Trachea { get; init; } = 16;
    public int Heart { get; init; } = 51;
    public int Aorta { get; init; } = 52;
    /// <summary>rib_left_1..12 then rib_right_1..12 are consecutive ids from here.</summary>
    public int FirstRib { get; init; } = 92;
    public int RibCount { get; init; } = 24;
    public int Sternum { get; init; } = 116;

    public bool IsRightLung(int id) => id == LungUpperLobeRight || id == LungMiddleLobeRight || id == LungLowerLobeRight;
    public bool IsLeftLung(int id) => id == LungUpperLobeLeft || id == LungLowerLobeLeft;
    public bool IsRib(int id) => id >= FirstRib && id < FirstRib + RibCount;

    /// <summary>Lobe names as result.json allows them ("with TotalSegmentator, its lobe names may be added", docs/ARCHITECTURE.md).</summary>
    public string? LobeName(int id) =>
        id == LungUpperLobeLeft ? "lung_upper_lobe_left"
        : id == LungLowerLobeLeft ? "lung_lower_lobe_left"
        : id == LungUpperLobeRight ? "lung_upper_lobe_right"
        : id == LungMiddleLobeRight ? "lung_middle_lobe_right"
        : id == LungLowerLobeRight ? "lung_lower_lobe_right"
        : null;
}
