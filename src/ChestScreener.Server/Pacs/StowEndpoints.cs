using ChestScreener.Dicom;
using ChestScreener.Server.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// DICOMweb STOW-RS: POST /dicomweb/studies[/{study}] with multipart/related; type="application/dicom". Each part is
/// streamed to disk, identified with GDCM and staged under its study; the study is queued once complete (see
/// <see cref="StowStaging"/>). POST /dicomweb/studies/{study}/complete queues it at once (a ChestScreener extension).
/// </summary>
public static class StowEndpoints
{
    public static void MapStow(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/dicomweb").WithTags("dicomweb").RequireAuthorization("upload"); // Auth.Roles.UploadPolicy: uploader or admin, like POST /api/v1/studies
        group.MapPost("/studies", (HttpContext http, StowStaging staging, IOptions<ServerOptions> o, CancellationToken ct) => Store(http, null, staging, o.Value, ct))
            .WithName("StowStudies").DisableAntiforgery().WithMetadata(new DisableRequestSizeLimitAttribute())
            .WithSummary("STOW-RS: store DICOM instances (multipart/related; type=\"application/dicom\"); the study is analysed once complete.");
        group.MapPost("/studies/{study}", (string study, HttpContext http, StowStaging staging, IOptions<ServerOptions> o, CancellationToken ct) => Store(http, study, staging, o.Value, ct))
            .WithName("StowStudy").DisableAntiforgery().WithMetadata(new DisableRequestSizeLimitAttribute())
            .WithSummary("STOW-RS into one study: instances of another study are refused (failure reason 0110).");
        group.MapPost("/studies/{study}/complete", async (string study, StowStaging staging, CancellationToken ct) =>
            await staging.CompleteNowAsync(study, ct) is { } id
                ? Microsoft.AspNetCore.Http.Results.Accepted($"/api/v1/studies/{id}", new { id })
                : Api.Problems.Make(StatusCodes.Status404NotFound, Api.Problems.NotFound, "Nothing waiting", $"no instances of study {study} are waiting"))
            .WithName("StowComplete").WithSummary("Queues a STOW-RS study now instead of after the quiet period (ChestScreener extension).");
    }

    private static async Task<IResult> Store(HttpContext http, string? expectedStudy, StowStaging staging, ServerOptions o, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = ((long)o.MaxUploadMb << 20) + (1 << 20);
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media) ||
            !media.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 } boundary)
            return Api.Problems.Make(StatusCodes.Status415UnsupportedMediaType, "not_dicom", "Unsupported media type",
                "STOW-RS takes multipart/related; type=\"application/dicom\" with a boundary");

        var response = new StowResponse { RetrieveUrl = expectedStudy is null ? null : $"{http.Request.Scheme}://{http.Request.Host}/dicomweb/studies/{expectedStudy}" };
        Directory.CreateDirectory(staging.Incoming);
        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = (long)o.MaxUploadMb << 20, HeadersLengthLimit = 16 * 1024 };
        int parts = 0;
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            if (++parts > o.MaxFiles)
                return Api.Problems.Make(StatusCodes.Status413PayloadTooLarge, "too_large", "Too many instances", $"one request may hold at most {o.MaxFiles} instances");
            var type = section.ContentType ?? "application/dicom";
            var temp = Path.Combine(staging.Incoming, Guid.NewGuid().ToString("N") + ".part");
            try
            {
                await using (var file = File.Create(temp)) await section.Body.CopyToAsync(file, ct);
                var id = type.StartsWith("application/dicom", StringComparison.OrdinalIgnoreCase) && !type.Contains('+') ? DicomInstanceId.TryRead(temp) : null;
                if (id is null)
                {
                    response.Failures.Add(new StowResponse.Failed("", "", StowResponse.CannotUnderstand));
                    continue;
                }
                if (expectedStudy is not null && id.StudyUid != expectedStudy)
                {
                    response.Failures.Add(new StowResponse.Failed(id.SopClassUid, id.SopInstanceUid, StowResponse.ProcessingFailure));
                    continue;
                }
                var caller = Auth.Caller.From(http.User);
                await staging.AddAsync(temp, id.StudyUid, id.SopInstanceUid, caller.Actor, caller.Site, ct);
                response.Referenced.Add(new StowResponse.Stored(id.SopClassUid, id.SopInstanceUid));
                response.RetrieveUrl ??= $"{http.Request.Scheme}://{http.Request.Host}/dicomweb/studies/{id.StudyUid}";
            }
            catch (IOException) when (!ct.IsCancellationRequested)
            {
                response.Failures.Add(new StowResponse.Failed("", "", StowResponse.OutOfResources));
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
        }
        bool xml = http.Request.Headers.Accept.Any(a => a is not null && a.Contains("application/dicom+xml", StringComparison.OrdinalIgnoreCase));
        return xml
            ? Microsoft.AspNetCore.Http.Results.Content(response.ToXml(), "application/dicom+xml", System.Text.Encoding.UTF8, response.StatusCode)
            : Microsoft.AspNetCore.Http.Results.Content(response.ToJson(), "application/dicom+json", System.Text.Encoding.UTF8, response.StatusCode);
    }
}
