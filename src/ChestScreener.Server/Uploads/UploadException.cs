namespace ChestScreener.Server.Uploads;

/// <summary>An upload refused before any analysis: the HTTP status and the problem code (a rejection code or an API code) for the problem+json answer.</summary>
public sealed class UploadException(int statusCode, string code, string message) : Exception(message)
{
    public UploadException(int statusCode, RejectionCode code, string message) : this(statusCode, code.ToWire(), message) { }

    public int StatusCode { get; } = statusCode;

    /// <summary>The wire name of the code, e.g. not_dicom or malformed_request.</summary>
    public string Code { get; } = code;
}
