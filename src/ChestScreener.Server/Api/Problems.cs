using Microsoft.AspNetCore.Http.HttpResults;

namespace ChestScreener.Server.Api;

/// <summary>application/problem+json answers with a `code` extension: a rejection code, or not_found / busy / not_ready for the API's own errors.</summary>
public static class Problems
{
    public const string NotFound = "not_found";
    public const string Busy = "busy";
    public const string NotReady = "not_ready";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string LoginLocked = "login_locked";
    public const string BadRequest = "bad_request";
    /// <summary>An upload with the same Idempotency-Key is still arriving.</summary>
    public const string UploadInProgress = "upload_in_progress";
    /// <summary>The request body is not well-formed (multipart headers too long or too many, a body cut off).</summary>
    public const string MalformedRequest = "malformed_request";

    public static ProblemHttpResult Make(int status, string code, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title,
            extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>An upload refused for its content; the detail never quotes a server path (only a file's own name).</summary>
    public static ProblemHttpResult Rejection(int status, RejectionCode code, string detail) =>
        Make(status, code.ToWire(), "The upload was refused", Privacy.PathFreeText.Of(detail));

    public static ProblemHttpResult StudyNotFound(string id) =>
        Make(StatusCodes.Status404NotFound, NotFound, "No such study", $"there is no study '{id}' (it may have been deleted)");
}
