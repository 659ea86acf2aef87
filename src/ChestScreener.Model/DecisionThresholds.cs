using ChestScreener.Results;

namespace ChestScreener.Model;

/// <summary>The decision part of model.json: voxel threshold, anomalous-volume limit and probability calibration.</summary>
public sealed record DecisionThresholds
{
    /// <summary>The voxel threshold of a model.json that names none (the one place this number is written).</summary>
    public const double DefaultVoxelThreshold = 0.7;

    /// <summary>Voxels scoring above this are anomalous (<see cref="DefaultVoxelThreshold"/> only for a model.json that names none).</summary>
    public double VoxelThreshold { get; init; } = DefaultVoxelThreshold;
    /// <summary>A study is pathology when its anomalous volume (sum of above-threshold scores x voxel volume) exceeds this (1800 mm3 only for a model.json that names none).</summary>
    public double VolumeLimitMm3 { get; init; } = 1800;
    /// <summary>Connected components smaller than this are dropped as specks.</summary>
    public double MinFindingVolumeMm3 { get; init; } = 50;
    /// <summary>Logistic width (mm3) of the volume-to-probability calibration; probability is 0.5 at the limit.</summary>
    public double ProbabilityScaleMm3 { get; init; } = 600;
    /// <summary>Central airways widened by this margin (mm) get no score (see Anatomy.ScoringMask); negative = score them.</summary>
    public double AirwayMarginMm { get; init; } = -1;
    /// <summary>Only the lungs widened by this margin (mm) are scored (see Anatomy.ScoringMask); negative = the whole body.</summary>
    public double LungMarginMm { get; init; } = -1;
    /// <summary>Mediastinum and heart widened by this margin (mm) get no score (see Anatomy.ScoringMask); negative = off.</summary>
    public double MediastinumMarginMm { get; init; } = -1;

    /// <summary>What these margins score, as result.json `scored` states it.</summary>
    public ScoredRegion Scored => ScoredRegion.From(AirwayMarginMm, LungMarginMm, MediastinumMarginMm);
}
