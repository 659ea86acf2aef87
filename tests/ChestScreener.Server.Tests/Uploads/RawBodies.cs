using System.Net.Http.Headers;
using System.Text;

namespace ChestScreener.Server.Tests.Uploads;

/// <summary>Hand-made multipart bodies, well-formed or not, for the upload (form-data) and STOW-RS (related) endpoints.</summary>
public static class RawBodies
{
    public const string Boundary = "cs-raw-boundary";

    /// <summary>A body sent as it is, with a Content-Type naming <paramref name="boundary"/> (none when null).</summary>
    public static HttpContent Content(bool stow, string body, string? boundary = Boundary)
    {
        var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
        var type = stow ? "multipart/related; type=\"application/dicom\"" : "multipart/form-data";
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(boundary is null ? type : $"{type}; boundary={boundary}");
        return content;
    }

    /// <summary>The header lines of one part: a file field for an upload, application/dicom for STOW-RS.</summary>
    public static string PartHeaders(bool stow, string name = "a.dcm") => stow
        ? "Content-Type: application/dicom\r\n"
        : $"Content-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n";

    /// <summary>A DICOM-looking part's content (preamble and DICM), as Latin-1 text.</summary>
    public static string DicomLike(int seed) => Encoding.Latin1.GetString(TestUploads.DicomLike(seed));

    public static string Part(bool stow, string content, string extraHeaders = "") =>
        $"--{Boundary}\r\n{PartHeaders(stow)}{extraHeaders}\r\n{content}\r\n";

    public static string End => $"--{Boundary}--\r\n";
}
