using ChestScreener.Imaging;
using ChestScreener.Results;

namespace ChestScreener.Reports;

/// <summary>Everything the per-study reports draw from: the result plus, for analysed studies, the volumes on the CT grid.</summary>
public sealed class StudyArtifacts
{
    public required StudyResult Result { get; init; }
    public CtVolume? Ct { get; init; }
    /// <summary>Region label ids (<see cref="Anatomy.RegionMap"/>).</summary>
    public Volume<byte>? Regions { get; init; }
    /// <summary>Anomaly score 0..1.</summary>
    public Volume<float>? Scores { get; init; }
    /// <summary>Finding ids 1..n matching <see cref="Finding.Id"/>.</summary>
    public Volume<byte>? FindingIds { get; init; }
    /// <summary>The voxel threshold the findings were cut at (for the heat overlay); the model's, so no default here.</summary>
    public required double VoxelThreshold { get; init; }
    /// <summary>The anomalous-volume limit of the decision (for the PDF's explanation); the model's, so no default here.</summary>
    public required double VolumeLimitMm3 { get; init; }
}
