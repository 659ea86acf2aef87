using System.Net;
using System.Net.Http.Headers;

namespace ChestScreener.Server.Pacs;

/// <summary>Sends DICOM files to a DICOMweb server in one STOW-RS request (POST {base}/studies, multipart/related).</summary>
public sealed class StowRsClient(HttpClient http)
{
    /// <summary>Stores the files; throws unless the server answers 200 (all stored).</summary>
    public async Task StoreAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        var boundary = MultipartDicom.NewBoundary();
        using var content = new MultipartBody(files, boundary);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(MultipartDicom.ContentType(boundary));
        using var request = new HttpRequestMessage(HttpMethod.Post, "studies") { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/dicom+json"));
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"STOW-RS to {http.BaseAddress} answered {(int)response.StatusCode}: {(body.Length > 300 ? body[..300] : body)}", null, response.StatusCode);
        }
    }

    // Streams the files instead of loading them all: a SEG of a large study can be big.
    private sealed class MultipartBody(IReadOnlyList<string> files, string boundary) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            MultipartDicom.WriteBodyAsync(stream, files, boundary, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken ct) =>
            MultipartDicom.WriteBodyAsync(stream, files, boundary, ct);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
