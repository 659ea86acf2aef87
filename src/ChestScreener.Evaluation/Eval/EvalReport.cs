using System.Text.Json;
using System.Text.Json.Serialization;
using ChestScreener.Evaluation.Metrics;

namespace ChestScreener.Evaluation.Eval;

/// <summary>eval.json: the set, the model, study-level ROC with a bootstrap CI, operating points, detection by type/size, voxel AUROC, gate and timing.</summary>
public sealed record EvalReport
{
    /// <summary>snake_case, indented; NaN and infinity as named literals (an empty class has no AUROC).</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Schema { get; init; } = "chestscreener.eval/1";
    public required string Manifest { get; init; }
    public required string Model { get; init; }
    public required bool SlabMode { get; init; }
    public required int Normals { get; init; }
    public required int Pathologies { get; init; }
    public required int Rejects { get; init; }
    /// <summary>The study score ranked by the ROC: anomalous volume (mm3); a chest study that was not scored counts as +inf (it is not set aside).</summary>
    public string StudyScore { get; init; } = "anomalous_volume_mm3";
    public ConfidenceInterval? StudyAuc { get; init; }
    public required OperatingPoint Shipped { get; init; }
    public double ShippedVolumeLimitMm3 { get; init; }
    public OperatingPoint? AtTargetSensitivity { get; init; }
    public double TargetSensitivity { get; init; }
    public double? VoxelAucPooled { get; init; }
    public double? VoxelAucMean { get; init; }
    public double? TopFindingHitRate { get; init; }
    public double? AnyFindingHitRate { get; init; }
    public List<GroupDetection> ByKind { get; init; } = [];
    public List<GroupDetection> BySize { get; init; } = [];
    /// <summary>Fraction of "reject" inputs that were rejected.</summary>
    public double? GateRejectAccuracy { get; init; }
    /// <summary>Fraction of chest studies (normal + pathology) that passed the passport and gate.</summary>
    public double? GatePassRate { get; init; }
    public double? MedianSecondsPerStudy { get; init; }
    public double? MeanSecondsPerStudy { get; init; }
    public double WallSeconds { get; init; }
    public List<StudyOutcome> Studies { get; init; } = [];
    /// <summary>Lesions of the masks flagged per size band, per slice thickness (null = as stored).</summary>
    public List<LesionBandDetection> LesionDetection { get; init; } = [];
}

/// <summary>Lesions of one size band at one slice thickness, and how many a finding flagged.</summary>
public sealed record LesionBandDetection(string Band, double? ResliceMm, int Lesions, int Flagged);

/// <summary>Detection within one group of pathology studies (a lesion kind or a size band).</summary>
public sealed record GroupDetection(string Group, int Studies, int Flagged, int TopFindingHits, double? MeanVoxelAuc, double MedianAnomalousVolumeMm3);
