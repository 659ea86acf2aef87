namespace ChestScreener.Anatomy;

/// <summary>What the chest gate accepts as "two lungs with a mediastinum between them" (data, not literals in the code).</summary>
public sealed record ChestGateOptions
{
    public static ChestGateOptions Default { get; } = new();

    /// <summary>Each lung of a complete chest scan holds at least this much (ml); an adult holds 1.5-5 l.</summary>
    public double MinLungMl { get; init; } = 250;
    public double MaxLungMl { get; init; } = 9000;
    /// <summary>Lungs seen over less than this head-foot extent at one end of the scan belong to a neighbouring region's scan.</summary>
    public double PartialLungHeightMm { get; init; } = 110;
    /// <summary>...when at least this much of the scan lies beyond them (else the scan is a short chest slab: incomplete).</summary>
    public double RestOfScanMm { get; init; } = 100;
    /// <summary>A lung section at the first/last slice of at least this fraction of the widest section means the lungs are cut off.</summary>
    public double CutFraction { get; init; } = 0.35;
    /// <summary>Lungs count as touching a scan end when their section there is above this fraction of the widest.</summary>
    public double TouchFraction { get; init; } = 0.03;
    public double MinSeparationMm { get; init; } = 50;
    public double MinMediastinumHeightMm { get; init; } = 40;
}
