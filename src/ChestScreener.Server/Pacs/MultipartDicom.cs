namespace ChestScreener.Server.Pacs;

/// <summary>
/// Writes DICOM files as one multipart/related; type="application/dicom" body (PS3.18 8.6.1.2), streamed file by file; the same
/// layout serves a WADO-RS answer and a STOW-RS request.
/// </summary>
public static class MultipartDicom
{
    /// <summary>A boundary that cannot occur in the parts by chance.</summary>
    public static string NewBoundary() => "chestscreener-" + Guid.NewGuid().ToString("N");

    public static string ContentType(string boundary) => $"multipart/related; type=\"application/dicom\"; boundary={boundary}";

    /// <summary>Answers with the files as a multipart/related body (200).</summary>
    public static async Task WriteAsync(HttpResponse response, IReadOnlyList<string> files, CancellationToken ct)
    {
        var boundary = NewBoundary();
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType(boundary);
        await WriteBodyAsync(response.Body, files, boundary, ct);
    }

    /// <summary>The body: each file as an application/dicom part, then the closing boundary.</summary>
    public static async Task WriteBodyAsync(Stream body, IReadOnlyList<string> files, string boundary, CancellationToken ct)
    {
        foreach (var f in files)
        {
            await body.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n"), ct);
            await using (var file = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
                await file.CopyToAsync(body, ct);
            await body.WriteAsync("\r\n"u8.ToArray(), ct);
        }
        await body.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"--{boundary}--\r\n"), ct);
    }
}
