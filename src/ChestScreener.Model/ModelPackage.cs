namespace ChestScreener.Model;

/// <summary>A model folder (models/&lt;name&gt;/): model.json parameters plus the paths of descriptor.onnx and density files.</summary>
public sealed class ModelPackage
{
    public required string Directory { get; init; }
    public required string Name { get; init; }
    public required string Version { get; init; }
    public DecisionThresholds Decision { get; init; } = new();

    /// <summary>Loads models/&lt;name&gt;/model.json; throws a clear error when the folder or a file is missing.</summary>
    public static ModelPackage Load(string directory) =>
        throw new NotImplementedException("ModelPackage.Load is being written (issue 4)");

    /// <summary>The shipped model: $CHESTSCREENER_MODEL, else models/screener-v1 beside the app or above it.</summary>
    public static string DefaultDirectory() =>
        throw new NotImplementedException("ModelPackage.DefaultDirectory is being written (issue 4)");
}
