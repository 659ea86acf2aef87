using System.Text.Json;
using ChestScreener.Model.Density;

namespace ChestScreener.Model;

/// <summary>A model folder (models/&lt;name&gt;/): model.json parameters plus the paths of descriptor.onnx and density files.</summary>
public sealed class ModelPackage
{
    public const string ConfigFile = "model.json";
    public const string DefaultName = "screener-v2";
    public const string EnvironmentVariable = "CHESTSCREENER_MODEL";

    public required string Directory { get; init; }
    public required string Name { get; init; }
    public required string Version { get; init; }
    public DecisionThresholds Decision { get; init; } = new();
    public ModelConfig Config { get; init; } = new();

    public string DescriptorPath => Path.Combine(Directory, Config.Descriptor.File);
    public string DensityPath => Path.Combine(Directory, Config.Density.File);

    /// <summary>Loads models/&lt;name&gt;/model.json; throws a clear error when the folder or a file is missing.</summary>
    public static ModelPackage Load(string directory)
    {
        var dir = Path.GetFullPath(directory);
        var json = Path.Combine(dir, ConfigFile);
        if (!System.IO.Directory.Exists(dir)) throw new DirectoryNotFoundException($"model folder {dir} does not exist (set --model or ${EnvironmentVariable})");
        if (!File.Exists(json)) throw new FileNotFoundException($"{json} is missing: not a ChestScreener model folder", json);
        ModelConfig config;
        try
        {
            config = JsonSerializer.Deserialize<ModelConfig>(File.ReadAllText(json), ModelConfig.JsonOptions)
                ?? throw new InvalidDataException($"{json} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{json} is not valid model.json: {e.Message}", e);
        }
        var package = new ModelPackage { Directory = dir, Name = config.Name, Version = config.Version, Decision = config.Decision, Config = config };
        foreach (var f in new[] { package.DescriptorPath, package.DensityPath })
        {
            if (!File.Exists(f)) throw new FileNotFoundException($"model file {f} named in {json} is missing", f);
        }
        return package;
    }

    /// <summary>The shipped model: $CHESTSCREENER_MODEL, else models/screener-v2 beside the app or above it.</summary>
    public static string DefaultDirectory()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
        var rel = Path.Combine("models", DefaultName);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, rel);
            if (File.Exists(Path.Combine(candidate, ConfigFile))) return candidate;
        }
        return Path.GetFullPath(rel);
    }

    public DensityModel LoadDensity() => DensityModel.Load(DensityPath);
}
