using System.Text.Json;
using ChestScreener.Model;
using ChestScreener.Model.Inference;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Ssl;

namespace ChestScreener.Training.Fitting;

/// <summary>What a fit takes from the training run folder: the network's options, the preprocessing and the state of the last checkpoint.</summary>
public sealed record FitInputs(TrainOptions Run, PreprocessingConfig Preprocessing, TrainState State)
{
    public const string PreprocessingFile = "preprocessing.json";

    public static FitInputs Load(string runDirectory) => new(
        Read<TrainOptions>(runDirectory, DenseVicRegTrainer.OptionsFile),
        Read<PreprocessingConfig>(runDirectory, PreprocessingFile),
        Read<TrainState>(runDirectory, DenseVicRegTrainer.StateFile));

    /// <summary>The descriptor section of model.json: the network's shape and the sliding window of this fit.</summary>
    public DescriptorConfig Descriptor(FitOptions o) => new()
    {
        InChannels = 2, Dim = Run.Dim, WindowSize = o.Window, Overlap = o.Overlap,
        BaseChannels = Run.BaseChannels, Levels = Run.Levels, SizeDivisor = 1 << (Run.Levels - 1),
    };

    private static T Read<T>(string runDirectory, string file)
    {
        var path = Path.Combine(runDirectory, file);
        if (!File.Exists(path)) throw new ArgumentException($"{path} is missing: --run must name a training run folder (screener train train --run DIR)");
        return JsonSerializer.Deserialize<T>(File.ReadAllText(path), ModelConfig.JsonOptions)
            ?? throw new ArgumentException($"{path} holds null");
    }
}
