using ChestScreener.Dicom;
using ChestScreener.Server.Audit;
using ChestScreener.Server.Auth;
using ChestScreener.Server.Options;
using ChestScreener.Server.Uploads;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// DICOMweb STOW-RS: POST /dicomweb/studies[/{study}] with multipart/related; type="application/dicom". Each part is
/// streamed to disk, identified with GDCM and staged under its sender's copy of the study; the study is queued once complete
/// (see <see cref="StowStaging"/>). POST /dicomweb/studies/{study}/complete queues it at once (a ChestScreener extension).
/// The upload admission limits (429 queue full, 503 too many uploads at once) apply as to POST /api/v1/studies.
/// </summary>
public static class StowEndpoints
{
    public static void MapStow(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/dicomweb").WithTags("dicomweb").RequireAuthorization("upload"); // Auth.Roles.UploadPolicy: uploader or admin, like POST /api/v1/studies
        group.MapPost("/studies", (HttpContext http, StowStaging staging, UploadFiles files, AuditTrail audit, IOptions<ServerOptions> o, CancellationToken ct) =>
                Store(http, null, staging, files, audit, o.Value, ct))
            .WithName("StowStudies").DisableAntiforgery().WithMetadata(new DisableRequestSizeLimitAttribute()).AddEndpointFilter<UploadAdmissionFilter>()
            .WithSummary("STOW-RS: store DICOM instances (multipart/related; type=\"application/dicom\"); the study is analysed once complete. " +
                         "Each sender (site, or caller without a site) stages its own copy of a study: another site's instances of the same study become a separate study.");
        group.MapPost("/studies/{study}", (string study, HttpContext http, StowStaging staging, UploadFiles files, AuditTrail audit, IOptions<ServerOptions> o, CancellationToken ct) =>
                Store(http, study, staging, files, audit, o.Value, ct))
            .WithName("StowStudy").DisableAntiforgery().WithMetadata(new DisableRequestSizeLimitAttribute()).AddEndpointFilter<UploadAdmissionFilter>()
            .WithSummary("STOW-RS into one study: instances of another study are refused (failure reason 0110); each sender stages its own copy of the study.");
        group.MapPost("/studies/{study}/complete", Complete)
            .WithName("StowComplete")
            .WithSummary("Queues the caller's own staged copy of a STOW-RS study now instead of after the quiet period (an admin's call queues every sender's copy; ChestScreener extension).");
    }

    private static async Task<IResult> Complete(string study, HttpContext http, StowStaging staging, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        // Only the caller's own copy: another site's staged instances are neither completed nor revealed (same 404 as none).
        var ids = await staging.CompleteNowAsync(study, caller.IsAdmin ? null : StowStaging.Sender(caller.Actor, caller.Site),
            caller.Actor, http.Connection.RemoteIpAddress?.ToString(), ct);
        return ids.Count > 0
            ? Microsoft.AspNetCore.Http.Results.Accepted($"/api/v1/studies/{ids[0]}", new { id = ids[0], ids })
            : Api.Problems.Make(StatusCodes.Status404NotFound, Api.Problems.NotFound, "Nothing waiting", $"no instances of study {study} sent by you are waiting");
    }

    private static async Task<IResult> Store(HttpContext http, string? expectedStudy, StowStaging staging, UploadFiles files, AuditTrail audit, ServerOptions o, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = ((long)o.MaxUploadMb << 20) + (1 << 20);
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var media) ||
            !media.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 } boundary)
            return Api.Problems.Make(StatusCodes.Status415UnsupportedMediaType, "not_dicom", "Unsupported media type",
                "STOW-RS takes multipart/related; type=\"application/dicom\" with a boundary");

        var caller = Caller.From(http.User);
        var response = new StowResponse { RetrieveUrl = expectedStudy is null ? null : DicomWebEndpoints.Url(http, expectedStudy) };
        try
        {
            Directory.CreateDirectory(staging.Incoming);
        }
        catch (IOException e) when (StorageErrors.IsDiskFull(e))
        {
            return Refused(http, audit, response, StatusCodes.Status507InsufficientStorage, RejectionCode.StorageFull.ToWire(), "the server's disk is full; send the instances again later");
        }
        var reader = new MultipartReader(boundary, http.Request.Body) { BodyLengthLimit = (long)o.MaxUploadMb << 20, HeadersLengthLimit = MalformedBody.HeadersLengthLimit };
        var head = new byte[FileSniffer.HeadLength];
        int parts = 0;
        MultipartSection? section;
        try
        {
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                if (++parts > o.MaxFiles)
                    return Refused(http, audit, response, StatusCodes.Status413PayloadTooLarge, "too_large", $"one request may hold at most {o.MaxFiles} instances");
                await StorePart(section, expectedStudy, caller, staging, files, response, head, o, http, ct);
            }
        }
        catch (Exception e) when (MalformedBody.From(e, o.MaxUploadMb, ct) is { } refusal)
        {
            // Instances before the damage are staged (each is whole); a resend of the request replaces them.
            return Refused(http, audit, response, refusal.StatusCode, refusal.Code, refusal.Message);
        }
        audit.Record(http, AuditActions.Stow, null, Counts(response));
        bool xml = http.Request.Headers.Accept.Any(a => a is not null && a.Contains("application/dicom+xml", StringComparison.OrdinalIgnoreCase));
        return xml
            ? Microsoft.AspNetCore.Http.Results.Content(response.ToXml(), "application/dicom+xml", System.Text.Encoding.UTF8, response.StatusCode)
            : Microsoft.AspNetCore.Http.Results.Content(response.ToJson(), "application/dicom+json", System.Text.Encoding.UTF8, response.StatusCode);
    }

    // One part: refused without being written unless it says application/dicom and starts like DICOM; staged when GDCM identifies it.
    private static async Task StorePart(MultipartSection section, string? expectedStudy, Caller caller, StowStaging staging, UploadFiles files,
        StowResponse response, byte[] head, ServerOptions o, HttpContext http, CancellationToken ct)
    {
        var type = section.ContentType ?? "application/dicom";
        var headLength = await UploadReceiver.ReadHeadAsync(section.Body, head, ct);
        if (!type.StartsWith("application/dicom", StringComparison.OrdinalIgnoreCase) || type.Contains('+') ||
            FileSniffer.Sniff(head.AsSpan(0, headLength), "instance.dcm") != FileKind.Dicom)
        {
            await section.Body.CopyToAsync(Stream.Null, ct);
            response.Failures.Add(new StowResponse.Failed("", "", StowResponse.CannotUnderstand));
            return;
        }
        var temp = Path.Combine(staging.Incoming, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            await using (var file = files.Create(temp))
            {
                await file.WriteAsync(head.AsMemory(0, headLength), ct);
                await section.Body.CopyToAsync(file, ct);
            }
            var id = DicomInstanceId.TryRead(temp);
            if (id is null)
            {
                response.Failures.Add(new StowResponse.Failed("", "", StowResponse.CannotUnderstand));
                return;
            }
            if (expectedStudy is not null && id.StudyUid != expectedStudy)
            {
                response.Failures.Add(new StowResponse.Failed(id.SopClassUid, id.SopInstanceUid, StowResponse.ProcessingFailure));
                return;
            }
            await staging.AddAsync(temp, id.StudyUid, id.SopInstanceUid, caller.Actor, caller.Site, ct);
            response.Referenced.Add(new StowResponse.Stored(id.SopClassUid, id.SopInstanceUid));
            response.RetrieveUrl ??= DicomWebEndpoints.Url(http, id.StudyUid); // WADO-RS of this server (DicomWebEndpoints)
        }
        catch (IOException e) when (!ct.IsCancellationRequested && MalformedBody.From(e, o.MaxUploadMb, ct) is null)
        {
            // A disk error (a full disk above all) refuses this instance with A700; the body is read on, the service stays up.
            // The rest of an unwritten part is read past so that the next part can be found.
            await section.Body.CopyToAsync(Stream.Null, ct);
            response.Failures.Add(new StowResponse.Failed("", "", StowResponse.OutOfResources));
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static IResult Refused(HttpContext http, AuditTrail audit, StowResponse response, int status, string code, string message)
    {
        audit.Record(http, AuditActions.Stow, null, $"{Counts(response)}; request refused: {code}");
        return Api.Problems.Make(status, code, "The STOW-RS request was refused", message);
    }

    private static string Counts(StowResponse r) => $"{r.Referenced.Count} instance(s) stored, {r.Failures.Count} refused";
}
