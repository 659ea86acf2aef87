using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChestScreener.Results;

/// <summary>The one JSON configuration for result.json (snake_case, indented), shared by CLI, reports and server.</summary>
public static class ResultJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(StudyResult result) => JsonSerializer.Serialize(result, Options);

    public static StudyResult Deserialize(string json) =>
        JsonSerializer.Deserialize<StudyResult>(json, Options) ?? throw new JsonException("result.json is empty");

    /// <summary>Writes atomically: a crash leaves either the old file or the new one.</summary>
    public static void WriteFile(string path, StudyResult result)
    {
        var temp = path + $".{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temp, Serialize(result));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
