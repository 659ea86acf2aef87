namespace ChestScreener.Anatomy;

/// <summary>Measurements the chest gate decides on (mm, ml); positions along the patient's head-foot axis.</summary>
public sealed record AnatomyFacts
{
    public double ScanLengthMm { get; init; }
    public double BodyMl { get; init; }
    /// <summary>All air inside the body (lungs, airways, gas), ml.</summary>
    public double InternalAirMl { get; init; }
    public double LeftLungMl { get; init; }
    public double RightLungMl { get; init; }
    public double AirwaysMl { get; init; }
    public double MediastinumMl { get; init; }
    public double HeartMl { get; init; }
    public bool TracheaFound { get; init; }
    /// <summary>Head-foot extent covered by lung (either side), mm.</summary>
    public double LungHeightMm { get; init; }
    /// <summary>Distance from the top of the scan to the lung apex and from the lung base to the bottom of the scan, mm.</summary>
    public double LungTopMarginMm { get; init; }
    public double LungBottomMarginMm { get; init; }
    /// <summary>Lung section area in the first/last slice as a fraction of the widest lung section (0 = not cut).</summary>
    public double TopCutFraction { get; init; }
    public double BottomCutFraction { get; init; }
    /// <summary>Head-foot extent of the lung pieces that reach the first (top) / last (bottom) slice, mm (0 = none reaches it).</summary>
    public double TopLungCoverMm { get; init; }
    public double BottomLungCoverMm { get; init; }
    /// <summary>Head-foot extent over which both lungs and soft tissue between them are seen, mm.</summary>
    public double MediastinumHeightMm { get; init; }
    /// <summary>Left-right distance between the centroids of the two lungs (mm, positive when left is to the patient's left).</summary>
    public double LungSeparationMm { get; init; }
    public double LeftLungHeightMm { get; init; }
    public double RightLungHeightMm { get; init; }
    /// <summary>Per lung: scan margin above its apex / below its base (mm, 0 when it reaches the end slice).</summary>
    public double RightApexMarginMm { get; init; }
    public double RightBaseMarginMm { get; init; }
    public double LeftApexMarginMm { get; init; }
    public double LeftBaseMarginMm { get; init; }
    /// <summary>Per lung: its section in the first (top) / last (bottom) slice as a fraction of its widest section.</summary>
    public double RightTopCutFraction { get; init; }
    public double RightBottomCutFraction { get; init; }
    public double LeftTopCutFraction { get; init; }
    public double LeftBottomCutFraction { get; init; }
    /// <summary>Per lung: estimated share of the lung outside the scan (0..1), from how its section shrinks towards a cut end.</summary>
    public double RightMissingFraction { get; init; }
    public double LeftMissingFraction { get; init; }
    /// <summary>BodyPartExamined of the series ("" when absent).</summary>
    public string BodyPart { get; init; } = "";
    /// <summary>"classical" or "totalsegmentator".</summary>
    public string Method { get; init; } = "classical";
}
