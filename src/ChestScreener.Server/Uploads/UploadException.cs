namespace ChestScreener.Server.Uploads;

/// <summary>An upload refused before any analysis: the HTTP status and the rejection code for the problem+json answer.</summary>
public sealed class UploadException(int statusCode, RejectionCode code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public RejectionCode Code { get; } = code;
}
