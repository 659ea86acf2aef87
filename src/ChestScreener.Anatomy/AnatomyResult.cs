using ChestScreener.Imaging;
using ChestScreener.Results;

namespace ChestScreener.Anatomy;

/// <summary>What the anatomy stage found: a region label volume on the CT grid (ids of <see cref="RegionMap"/>) and facts for the gate.</summary>
public sealed class AnatomyResult
{
    public required Volume<byte> Labels { get; init; }
    /// <summary>1 inside the body (table and outside air removed).</summary>
    public required Volume<byte> Body { get; init; }
    public double LeftLungMl { get; init; }
    public double RightLungMl { get; init; }
    /// <summary>Human-readable checks the gate did, e.g. "two lungs: left 2.1 l, right 2.4 l".</summary>
    public List<string> Checks { get; init; } = [];
    /// <summary>The measurements the chest gate decides on.</summary>
    public AnatomyFacts Facts { get; init; } = new();
    /// <summary>Lobe-level labels from TotalSegmentator when it ran (its own class ids, CT grid), else null.</summary>
    public Volume<byte>? Lobes { get; init; }
    public TimeSpan Elapsed { get; init; }
    /// <summary>The gate's reservations on a passed study (cut lung ends, body part); empty when rejected or clean.</summary>
    public List<AnatomyWarning> Warnings { get; init; } = [];

    public AnatomySummary ToSummary() => new()
    {
        LungVolumeMl = new LungVolumes(LeftLungMl, RightLungMl),
        Checks = Checks,
        Coverage = new LungCoverage(
            new LungEnds(Math.Round(Facts.RightApexMarginMm, 1), Math.Round(Facts.RightBaseMarginMm, 1), Math.Round(Facts.RightMissingFraction, 4)),
            new LungEnds(Math.Round(Facts.LeftApexMarginMm, 1), Math.Round(Facts.LeftBaseMarginMm, 1), Math.Round(Facts.LeftMissingFraction, 4))),
        Warnings = Warnings,
    };
}
