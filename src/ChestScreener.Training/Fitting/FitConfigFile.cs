using System.Text.Json;
using System.Text.Json.Serialization;
using ChestScreener.Model;

namespace ChestScreener.Training.Fitting;

/// <summary>
/// The fit configuration file (`screener train fit --config FILE`), the plan of a fit: <see cref="FitOptions"/> in JSON,
/// snake_case, enum values as "descriptor" or "lung_position". A property left out keeps the record's default; an
/// unknown property, a wrong type or a setting that cannot be fitted is a <see cref="FitConfigException"/> naming the file.
/// The checked-in <see cref="DefaultFile"/> is the defaults written out (a test keeps the two equal).
/// </summary>
public static class FitConfigFile
{
    /// <summary>The checked-in configuration, relative to the repository root: the defaults, the sweep of variants included.</summary>
    public const string DefaultFile = "src/ChestScreener.Training/Fitting/fit-config.json";

    public static readonly JsonSerializerOptions JsonOptions = new(ModelConfig.JsonOptions)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public static FitOptions Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FitConfigException($"fit configuration {path}: cannot be read ({e.Message})", e);
        }
        return Parse(text, path);
    }

    /// <param name="source">Named in the error messages (a file path).</param>
    public static FitOptions Parse(string json, string source)
    {
        FitOptions? options;
        try { options = JsonSerializer.Deserialize<FitOptions>(json, JsonOptions); }
        catch (JsonException e)
        {
            throw new FitConfigException($"fit configuration {source}: {e.Message}", e);
        }
        if (options is null) throw new FitConfigException($"fit configuration {source}: the file holds null, not an object");
        var errors = FitOptionsValidator.Errors(options);
        if (errors.Count > 0) throw new FitConfigException($"fit configuration {source}: {string.Join("; ", errors)}");
        return options;
    }

    public static string Serialize(FitOptions options) => JsonSerializer.Serialize(options, JsonOptions) + "\n";
}
