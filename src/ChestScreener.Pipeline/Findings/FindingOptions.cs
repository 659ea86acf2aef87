using ChestScreener.Imaging.Components;
using ChestScreener.Model;

namespace ChestScreener.Pipeline.Findings;

/// <summary>How the score map becomes findings; the thresholds come from model.json (<see cref="DecisionThresholds"/>).</summary>
public sealed record FindingOptions
{
    /// <summary>A voxel is anomalous when its score is strictly above this (model.json; no default here, see <see cref="From"/>).</summary>
    public required double VoxelThreshold { get; init; }
    /// <summary>Components smaller than this (mm3) are specks: not listed as findings, but still part of the anomalous volume.</summary>
    public required double MinFindingVolumeMm3 { get; init; }
    public Connectivity Connectivity { get; init; } = Connectivity.Full26;
    /// <summary>At most this many findings are listed (largest score sum first); the id map is a byte volume, so at most 255.</summary>
    public int MaxFindings { get; init; } = 50;
    /// <summary>A soft-tissue finding is named by the lung zone it touches when lung makes up at least this share of its surface (<see cref="RegionContext"/>).</summary>
    public double LungContactShare { get; init; } = 0.3;
    /// <summary>How far (mm) around an "other" finding that touches no lung <see cref="RegionContext"/> looks for the nearest lung zone.</summary>
    public double NearestLungMm { get; init; } = 20;

    public static FindingOptions From(DecisionThresholds decision) => new()
    {
        VoxelThreshold = decision.VoxelThreshold,
        MinFindingVolumeMm3 = decision.MinFindingVolumeMm3,
    };
}
