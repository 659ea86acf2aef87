using System.Text.Json.Serialization;

namespace ChestScreener.Results;

/// <summary>How a study's analysis ended: result.json's <c>status</c> ("ok", "rejected", "failed" on the wire).</summary>
[JsonConverter(typeof(ResultStatusJsonConverter))]
public enum ResultStatus
{
    /// <summary>Analysed: the result has a verdict, a probability and findings.</summary>
    [JsonStringEnumMemberName("ok")] Ok,
    /// <summary>The input was refused (its fault: not CT, not a chest, corrupt...), with a rejection code.</summary>
    [JsonStringEnumMemberName("rejected")] Rejected,
    /// <summary>The program or the service failed (internal_error, storage_full, too_many_attempts).</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>Maps <see cref="ResultStatus"/> to and from its wire name (the same names as the JSON converter; Core.Tests checks that).</summary>
public static class ResultStatuses
{
    public static string ToWire(this ResultStatus status) => status switch
    {
        ResultStatus.Ok => "ok",
        ResultStatus.Rejected => "rejected",
        ResultStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The status of a wire name, or null for any other string.</summary>
    public static ResultStatus? TryFromWire(string wire) => wire switch
    {
        "ok" => ResultStatus.Ok,
        "rejected" => ResultStatus.Rejected,
        "failed" => ResultStatus.Failed,
        _ => null,
    };

    /// <summary>The status a <see cref="ScreenerException"/> ends a study with: the program's own failures are "failed", the input's "rejected".</summary>
    public static ResultStatus Of(RejectionCode code) =>
        code is RejectionCode.InternalError or RejectionCode.StorageFull or RejectionCode.TooManyAttempts ? ResultStatus.Failed : ResultStatus.Rejected;
}

/// <summary>
/// JSON form of <see cref="ResultStatus"/>: exactly its wire name (numbers and other spellings are refused). A string-enum
/// converter rather than a hand-written one, so the OpenAPI document lists the allowed values.
/// </summary>
public sealed class ResultStatusJsonConverter() : JsonStringEnumConverter<ResultStatus>(namingPolicy: null, allowIntegerValues: false);
