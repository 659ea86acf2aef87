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
    /// <summary>
    /// incomplete_series when either lung is estimated to lie more than this share outside the scan (see
    /// AnatomyFacts.RightMissingFraction); below it a cut end is a warning (lung_apex_cut / lung_base_cut).
    /// </summary>
    public double MaxMissingFraction { get; init; } = 0.10;
    /// <summary>A scan reaching this much beyond the lungs (above the apices plus below the bases, mm) is more than a chest CT: chest_portion_analysed.</summary>
    public double ExtraScanMm { get; init; } = 300;
    /// <summary>BodyPartExamined values that name the chest (upper case; empty counts as chest).</summary>
    public IReadOnlyList<string> ChestBodyParts { get; init; } = ["CHEST", "LUNG", "THORAX", "CHEST_ABDOMEN", "CHESTABDOMEN", "CHEST_ABDOMEN_PELVIS", "CAP", "TORSO", "WHOLEBODY", "WHOLE_BODY", "BODY", "HEART", "MEDIASTINUM"];
    /// <summary>Lungs count as touching a scan end when their section there is above this fraction of the widest.</summary>
    public double TouchFraction { get; init; } = 0.03;
    public double MinSeparationMm { get; init; } = 50;
    public double MinMediastinumHeightMm { get; init; } = 40;
}
