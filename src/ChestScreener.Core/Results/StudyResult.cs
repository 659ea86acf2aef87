using System.Text.Json.Serialization;

namespace ChestScreener.Results;

/// <summary>The result.json contract (schema chestscreener.result/1); property names are snake_case on the wire.</summary>
public sealed record StudyResult
{
    public const string SchemaName = "chestscreener.result/1";

    public string Schema { get; init; } = SchemaName;
    public string Input { get; init; } = "";
    /// <summary>ok | rejected | failed</summary>
    public ResultStatus Status { get; init; } = ResultStatus.Ok;
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Rejection? Rejection { get; init; }
    public string StudyUid { get; init; } = "";
    public string SeriesUid { get; init; } = "";
    /// <summary>normal | pathology (present when status is ok)</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Verdict? Verdict { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ProbabilityOfPathology { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AnomalousVolumeMm3 { get; init; }
    /// <summary>The model's limit on <see cref="AnomalousVolumeMm3"/> (same measure, mm3): above it the verdict is pathology.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? VolumeLimitMm3 { get; init; }
    /// <summary>
    /// The model's voxel score threshold (model.json decision.voxel_threshold): voxels of the anomaly map scoring above it
    /// are anomalous and make up the findings. Viewers draw the map from here, not from a threshold of their own.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? VoxelThreshold { get; init; }
    /// <summary>The part of <see cref="AnomalousVolumeMm3"/> outside the listed findings (specks, findings beyond the list's cap):
    /// anomalous_volume_mm3 = sum of findings' anomalous_volume_mm3 + this.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? OtherAnomalousVolumeMm3 { get; init; }
    /// <summary>Whose scan (DICOM patient/study tags); absent when identifiers were stripped or the input had none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PatientInfo? Patient { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Finding>? Findings { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AnatomySummary? Anatomy { get; init; }
    public Dictionary<string, double> TimingS { get; init; } = new();
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelInfo? Model { get; init; }
    /// <summary>What the anomaly scores covered (present when status is ok): a normal verdict speaks only for this region.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScoredRegion? Scored { get; init; }
    public List<string> Warnings { get; init; } = [];

    public static StudyResult Rejected(string input, ScreenerException e) => new()
    {
        Input = input,
        // The program's own failures (not the input's fault) are "failed", whatever their code.
        Status = ResultStatuses.Of(e.Code),
        Rejection = new Rejection(e.Code.ToWire(), e.Message),
    };
}

/// <summary>Why a study has no verdict.</summary>
public sealed record Rejection(string Code, string Message);

/// <summary>One connected suspicious region.</summary>
public sealed record Finding
{
    public int Id { get; init; }
    public string Region { get; init; } = "other";
    public IReadOnlyList<RegionShare> Regions { get; init; } = [];
    public double VolumeMm3 { get; init; }
    public double ScoreSum { get; init; }
    public double MaxScore { get; init; }
    public BoxMm BboxMmLps { get; init; } = new([0, 0, 0], [0, 0, 0]);
    public BoxVoxel BboxVoxel { get; init; } = new("column,row,slice", [0, 0, 0], [0, 0, 0]);
    public double[] CenterMmLps { get; init; } = [0, 0, 0];
    /// <summary>This finding's part of the study's anomalous volume: score sum x voxel volume (mm3), the study's own measure.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? AnomalousVolumeMm3 { get; init; }
    /// <summary>Largest distance across the finding in 3D (mm, outer voxel edges).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? LongestDiameterMm { get; init; }
    /// <summary>First and last axial slice the finding touches, 1-based (bbox_voxel's slice range + 1, as the viewer numbers slices).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int[]? SliceRange { get; init; }
}

/// <summary>Whose scan: DICOM patient and study tags as text (empty ones left out).</summary>
public sealed record PatientInfo
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Sex { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Age { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? BirthDate { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? StudyDate { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? AccessionNumber { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? StudyDescription { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? SeriesDescription { get; init; }
}

/// <summary>Fraction of a finding's voxels that lie in a named region.</summary>
public sealed record RegionShare(string Name, double Fraction);

/// <summary>An axis-aligned box in LPS millimetres (outer voxel edges).</summary>
public sealed record BoxMm(double[] Min, double[] Max);

/// <summary>An inclusive voxel-index box of the original series; Order names the index order.</summary>
public sealed record BoxVoxel(string Order, int[] Min, int[] Max);

/// <summary>Anatomy facts: lung volumes and the checks the chest gate did.</summary>
public sealed record AnatomySummary
{
    public LungVolumes LungVolumeMl { get; init; } = new(0, 0);
    public List<string> Checks { get; init; } = [];
    /// <summary>How much of each lung the scan holds (absent from result files of older versions).</summary>
    public LungCoverage? Coverage { get; init; }
    /// <summary>What the anatomy stage noticed without rejecting the study, each with a stable code (also in the result's warnings).</summary>
    public List<AnatomyWarning> Warnings { get; init; } = [];
}

/// <summary>A graded anatomy observation: a stable code (lung_base_cut, lung_apex_cut, body_part_mismatch, chest_portion_analysed) and a sentence.</summary>
public sealed record AnatomyWarning(string Code, string Message)
{
    /// <summary>The line written to the result's warnings list: "code: message".</summary>
    public override string ToString() => Code + ": " + Message;
}

/// <summary>Coverage of the right and left lung.</summary>
public sealed record LungCoverage(LungEnds Right, LungEnds Left);

/// <summary>
/// Scan margin above the apex and below the base (mm; 0 when the lung reaches that end) and the estimated fraction of the
/// lung outside the scan (0..1).
/// </summary>
public sealed record LungEnds(double ApexMarginMm, double BaseMarginMm, double MissingFraction);

/// <summary>Left and right lung volumes in millilitres.</summary>
public sealed record LungVolumes(double Left, double Right);

/// <summary>Which model produced the scores.</summary>
public sealed record ModelInfo(string Name, string Version);
