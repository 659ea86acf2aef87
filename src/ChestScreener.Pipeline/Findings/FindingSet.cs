using ChestScreener.Imaging;
using ChestScreener.Results;

namespace ChestScreener.Pipeline.Findings;

/// <summary>The findings of one score map: the listed findings (sorted by score sum), their id volume and the anomalous volume.</summary>
public sealed class FindingSet
{
    public required IReadOnlyList<Finding> Findings { get; init; }
    /// <summary>Finding id (1..n, the <see cref="Finding.Id"/>) per voxel on the CT grid; 0 elsewhere.</summary>
    public required Volume<byte> Ids { get; init; }
    /// <summary>Sum over all above-threshold voxels (specks included) of score x voxel volume, in mm3.</summary>
    public double AnomalousVolumeMm3 { get; init; }
    /// <summary>Number of above-threshold voxels.</summary>
    public long AnomalousVoxels { get; init; }
    /// <summary>Components found before speck removal and the cap.</summary>
    public int ComponentCount { get; init; }
    /// <summary>Components large enough to be findings but beyond the listing cap.</summary>
    public int UnlistedFindings { get; init; }
}
