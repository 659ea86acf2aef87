using ChestScreener.Results;

namespace ChestScreener.Evaluation.Eval;

/// <summary>What the pipeline said about one study of the set, next to its truth.</summary>
public sealed record StudyOutcome
{
    public required string Study { get; init; }
    public required string Label { get; init; }
    public string Kind { get; init; } = "";
    public double? SizeMm { get; init; }
    public string Variant { get; init; } = "";
    public double? LesionMl { get; init; }
    public required ResultStatus Status { get; init; }
    public string? RejectionCode { get; init; }
    public string? RejectionMessage { get; init; }
    public Verdict? Verdict { get; init; }
    public double? Probability { get; init; }
    public double? AnomalousVolumeMm3 { get; init; }
    public int Findings { get; init; }
    public string? TopFindingRegion { get; init; }
    /// <summary>Whether the top finding's box holds truth voxels (null without truth).</summary>
    public bool? TopFindingHit { get; init; }
    /// <summary>Whether any listed finding's box holds truth voxels.</summary>
    public bool? AnyFindingHit { get; init; }
    /// <summary>Voxel AUROC of the score map, truth mask vs. the rest of the body.</summary>
    public double? VoxelAuc { get; init; }
    public string Patient { get; init; } = "";
    public string Fold { get; init; } = "";
    /// <summary>Slice thickness the study was re-sliced to for this run (null = as stored).</summary>
    public double? ResliceMm { get; init; }
    /// <summary>Anomalous volume inside findings farther than 15 mm from every lesion (needs a mask).</summary>
    public double? LesionFreeAnomalousMm3 { get; init; }
    /// <summary>Voxel AUROC of lesion voxels against lung voxels farther than 15 mm from every lesion.</summary>
    public double? LungFieldAuc { get; init; }
    /// <summary>Each lesion of the mask, flagged or not.</summary>
    public List<LesionOutcome> Lesions { get; init; } = [];
    public double? TotalSeconds { get; init; }
    public Dictionary<string, double> TimingS { get; init; } = new();
    /// <summary>Set aside as normal? Only an "ok" result with verdict normal is; rejections go to a reader.</summary>
    public bool SetAside => Status == ResultStatus.Ok && Verdict == Results.Verdict.Normal;
}
