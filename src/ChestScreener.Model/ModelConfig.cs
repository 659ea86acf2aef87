using System.Text.Json;
using System.Text.Json.Serialization;

using ChestScreener.Model.Calibration;
using ChestScreener.Model.Density;
using ChestScreener.Model.Preprocessing;

namespace ChestScreener.Model;

/// <summary>Everything in model.json: preprocessing, descriptor, density, calibration, decision and training summary.</summary>
public sealed record ModelConfig
{
    public string Schema { get; init; } = "chestscreener.model/1";
    public string Name { get; init; } = "screener-v1";
    public string Version { get; init; } = "0";
    public PreprocessingConfig Preprocessing { get; init; } = new();
    public DescriptorConfig Descriptor { get; init; } = new();
    public DensityConfig Density { get; init; } = new();
    public ScoreCalibration Calibration { get; init; } = new();
    public DecisionThresholds Decision { get; init; } = new();
    /// <summary>Free-form facts about the training run (data, steps, time, loss) for the model card.</summary>
    public Dictionary<string, JsonElement>? Training { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}
