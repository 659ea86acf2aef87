using System.Text.Json.Serialization;

namespace ChestScreener.Results;

/// <summary>The study-level call of an analysed study: result.json's <c>verdict</c> ("normal", "pathology" on the wire).</summary>
[JsonConverter(typeof(VerdictJsonConverter))]
public enum Verdict
{
    /// <summary>Anomalous volume at or below the model's limit: can wait for routine reading.</summary>
    [JsonStringEnumMemberName("normal")] Normal,
    /// <summary>Anomalous volume above the limit; people see it as "needs a radiologist first". Not a diagnosis.</summary>
    [JsonStringEnumMemberName("pathology")] Pathology,
}

/// <summary>Maps <see cref="Verdict"/> to and from its wire name (the same names as the JSON converter; Core.Tests checks that).</summary>
public static class Verdicts
{
    public static string ToWire(this Verdict verdict) => verdict switch
    {
        Verdict.Normal => "normal",
        Verdict.Pathology => "pathology",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    /// <summary>The verdict of a wire name, or null for any other string.</summary>
    public static Verdict? TryFromWire(string wire) => wire switch
    {
        "normal" => Verdict.Normal,
        "pathology" => Verdict.Pathology,
        _ => null,
    };
}

/// <summary>JSON form of <see cref="Verdict"/>: exactly its wire name (numbers and other spellings are refused).</summary>
public sealed class VerdictJsonConverter() : JsonStringEnumConverter<Verdict>(namingPolicy: null, allowIntegerValues: false);
