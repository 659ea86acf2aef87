using Microsoft.AspNetCore.Http;

namespace ChestScreener.Server.Uploads;

/// <summary>
/// Turns what ASP.NET Core's MultipartReader and the request body throw on a body that is not well-formed (headers too long or
/// too many, a bad header line, a body cut off before its final boundary) into a 400 malformed_request refusal, or 413 for a
/// length limit. The messages are fixed: the client's bytes are never quoted back.
/// </summary>
public static class MalformedBody
{
    /// <summary>Longest header block of one part; MultipartReader's default, named here so the message can say it.</summary>
    public const int HeadersLengthLimit = 16 * 1024;

    /// <summary>The refusal for <paramref name="e"/>, or null when it is not about the body's form (or the client went away).</summary>
    public static UploadException? From(Exception e, int maxUploadMb, CancellationToken ct)
    {
        if (ct.IsCancellationRequested) return null;
        return e switch
        {
            InvalidDataException when Says(e, "body length limit") => TooLarge(maxUploadMb),
            InvalidDataException when Says(e, "headers length limit") =>
                Malformed($"the headers of a part are longer than {HeadersLengthLimit / 1024} KB"),
            InvalidDataException when Says(e, "headers count limit") => Malformed("a part has more than 16 header lines"),
            InvalidDataException => Malformed("a part's headers are not valid (each line must be 'Name: value')"),
            BadHttpRequestException b when b.StatusCode == StatusCodes.Status413PayloadTooLarge => TooLarge(maxUploadMb),
            BadHttpRequestException => Malformed("the request body could not be read: it was cut off or sent wrongly"),
            IOException when Says(e, "Unexpected end of Stream") =>
                Malformed("the body ends before the final multipart boundary: it was cut off, or the boundary in Content-Type is not the one the body uses"),
            _ => null,
        };
    }

    public static UploadException TooLarge(int maxUploadMb) =>
        new(StatusCodes.Status413PayloadTooLarge, RejectionCode.TooLarge, $"the upload is larger than {maxUploadMb} MB");

    private static UploadException Malformed(string message) =>
        new(StatusCodes.Status400BadRequest, Api.Problems.MalformedRequest, "malformed multipart body: " + message);

    private static bool Says(Exception e, string text) => e.Message.Contains(text, StringComparison.OrdinalIgnoreCase);
}
