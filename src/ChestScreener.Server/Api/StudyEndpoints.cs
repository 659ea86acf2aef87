using ChestScreener.Results;
using ChestScreener.Server.Audit;
using ChestScreener.Server.Auth;
using ChestScreener.Server.Health;
using ChestScreener.Server.Jobs;
using ChestScreener.Server.Options;
using ChestScreener.Server.Privacy;
using ChestScreener.Server.Processing;
using ChestScreener.Server.Storage;
using ChestScreener.Server.Uploads;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Api;

/// <summary>The /api/v1 endpoints: upload, list, status, result files, delete, LCT export, health.</summary>
public static class StudyEndpoints
{
    public static RouteGroupBuilder MapStudyApi(this IEndpointRouteBuilder app)
    {
        // Every endpoint needs a role unless it says otherwise; the policies of an endpoint add to the group's.
        var api = app.MapGroup("/api/v1").WithTags("studies").RequireAuthorization(Roles.ReadPolicy);
        api.MapPost("/studies", Upload).WithName("UploadStudy").DisableAntiforgery()
            .WithSummary("Upload one study: DICOM files, a folder's files, one zip or one NIfTI (multipart/form-data); 202 with its id.")
            .AddOpenApiOperationTransformer(UploadBody.Describe)
            .WithMetadata(new DisableRequestSizeLimitAttribute()).RequireAuthorization(Roles.UploadPolicy)
            .AddEndpointFilter<UploadAdmissionFilter>();
        api.MapGet("/studies", List).WithName("ListStudies").WithSummary("All studies, newest first, with status, progress and verdict.");
        api.MapGet("/studies/{id}", Get).WithName("GetStudy").WithSummary("One study: status, stage, progress and, once finished, the result.json content.");
        api.MapGet("/studies/{id}/{file}", Download).WithName("GetStudyFile")
            .WithSummary("A result file: result.json, report.pdf, volume.nii.gz, volume-preview.nii.gz (the CT at reduced resolution, for a first image), anomaly.nii.gz or regions.nii.gz. Images are served with an ETag; under the versioned link of the study record (?v=) they may be cached for good.");
        api.MapDelete("/studies/{id}", Delete).WithName("DeleteStudy").WithSummary("Deletes a study and its files, stopping its analysis if one is running (admins only).")
            .RequireAuthorization(Roles.AdminPolicy);
        api.MapGet("/export.xlsx", Export).WithName("ExportLct").WithSummary("The LCT table of all finished studies (xlsx).");
        api.MapGet("/health", Health).WithName("Health").WithSummary("Whether the service answers, and how much work waits (no credentials needed).").AllowAnonymous();
        // Unknown API paths answer problem+json, not the viewer's index.html.
        api.Map("/{**rest}", (string rest) => Problems.Make(StatusCodes.Status404NotFound, Problems.NotFound, "No such endpoint", $"/api/v1/{rest} is not part of the API"))
            .AllowAnonymous().ExcludeFromDescription();
        return api;
    }

    private static async Task<Results<Accepted<StudyDto>, ProblemHttpResult>> Upload(
        HttpContext http, IStudyStore store, StudyFolders folders, UploadReceiver receiver, StudyQueue queue,
        IOptions<ServerOptions> options, IOptions<PrivacyOptions> privacy, AuditTrail audit, ILoggerFactory logs, CancellationToken ct)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = ((long)options.Value.MaxUploadMb << 20) + (1 << 20);

        var caller = Caller.From(http.User);
        if (!IdempotencyKey.TryRead(http.Request.Headers[IdempotencyKey.Header], out var key, out var keyError))
            return Problems.Make(StatusCodes.Status400BadRequest, Problems.BadRequest, "Unusable Idempotency-Key", keyError!);
        if (key != null && store.FindByUploadKey(caller.Actor, key) is { } earlier)
        {
            // The first attempt arrived whole, but the process stopped before it was queued (or before its 202 went out):
            // the retry queues it, so the client gets the study it sent instead of 409s until the hourly clean-up.
            if (earlier.Status == StudyStatus.Receiving && folders.ArrivedButNotQueued(earlier.Id, ArrivedGrace))
            {
                var (files, bytes) = StudyFolders.Measure(folders.Input(earlier.Id));
                Register(http, store, folders, queue, privacy.Value, audit, earlier.Id, earlier.Id, bytes, files,
                    $"{files} file(s), {bytes} bytes; arrived before a restart, queued on its retry");
                earlier = store.Get(earlier.Id) ?? earlier;
            }
            return Replay(http, earlier, folders, audit);
        }

        var id = StudyIds.New();
        try
        {
            Directory.CreateDirectory(folders.Input(id));
            store.Create(new StudyRecord
            {
                Id = id, Name = "(uploading)", Status = StudyStatus.Receiving, CreatedUtc = DateTimeOffset.UtcNow,
                Owner = caller.Actor, Site = caller.Site, UploadKey = key,
            });
        }
        catch (UploadKeyTakenException)
        {
            // The same upload, retried while its first attempt was being registered: answer with that one.
            folders.DeleteStudy(id);
            return store.FindByUploadKey(caller.Actor, key!) is { } first ? Replay(http, first, folders, audit) : UploadInProgress(null);
        }
        catch (Exception e) when (StorageErrors.IsDiskFull(e))
        {
            Discard(store, folders, id);
            return DiskFull(logs);
        }
        UploadSummary summary;
        try
        {
            summary = await receiver.ReceiveAsync(http.Request, folders.Input(id), ct);
        }
        catch (UploadException e)
        {
            Discard(store, folders, id);
            logs.CreateLogger("upload").LogInformation("upload refused: {Code} {Message}", e.Code, e.Message);
            return Problems.Make(e.StatusCode, e.Code, "The upload was refused", e.Message);
        }
        catch
        {
            Discard(store, folders, id);
            throw;
        }
        try
        {
            Register(http, store, folders, queue, privacy.Value, audit, id, summary.Name, summary.Bytes, summary.Files, $"{summary.Files} file(s), {summary.Bytes} bytes");
        }
        catch (Exception e) when (StorageErrors.IsDiskFull(e))
        {
            Discard(store, folders, id);
            return DiskFull(logs);
        }
        var dto = ToDto(store.Get(id)!, folders, withResult: false);
        return TypedResults.Accepted($"/api/v1/studies/{id}", dto);
    }

    // The upload's files and its "receiving" row are gone by now; nothing else was touched.
    private static ProblemHttpResult DiskFull(ILoggerFactory logs)
    {
        logs.CreateLogger("upload").LogError("upload refused: the data folder's disk is full");
        return Problems.Rejection(StatusCodes.Status507InsufficientStorage, RejectionCode.StorageFull,
            "the server's disk is full: the upload was not kept; send it again later");
    }

    /// <summary>How long a complete input/ of a "receiving" study must have been still before a retry may queue it.</summary>
    private static readonly TimeSpan ArrivedGrace = TimeSpan.FromSeconds(10);

    // A complete upload in input/ becomes a queued study: identifiers stripped when asked, marked queued, audited, on the job queue.
    private static void Register(HttpContext http, IStudyStore store, StudyFolders folders, StudyQueue queue, PrivacyOptions privacy, AuditTrail audit,
        string id, string name, long bytes, int files, string detail)
    {
        // Folder and file names are often the patient's name: with stripping on, the study is known by its id only.
        if (privacy.StripIdentifiers)
        {
            name = id;
            // What could not be read is deleted (it still holds identifiers); the report lets the result say so.
            IdentifierStripper.StripFolder(folders.Input(id)).Save(folders.Study(id));
        }
        store.MarkQueued(id, name, bytes, files);
        audit.Record(http, AuditActions.Upload, id, detail);
        queue.Enqueue(id);
    }

    // A retried upload: its body is not read again and nothing is queued; the answer is the first attempt's study.
    private static Results<Accepted<StudyDto>, ProblemHttpResult> Replay(HttpContext http, StudyRecord earlier, StudyFolders folders, AuditTrail audit)
    {
        if (earlier.Status == StudyStatus.Receiving) return UploadInProgress(earlier.Id);
        http.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
        audit.Record(http, AuditActions.Upload, earlier.Id, $"repeated upload answered from its {IdempotencyKey.Header}");
        return TypedResults.Accepted($"/api/v1/studies/{earlier.Id}", ToDto(earlier, folders, withResult: false));
    }

    private static ProblemHttpResult UploadInProgress(string? id) =>
        Problems.Make(StatusCodes.Status409Conflict, Problems.UploadInProgress, "Upload still arriving",
            $"an upload with this {IdempotencyKey.Header} is still being received{(id is null ? "" : $" as study {id}")}; ask again once it has arrived");

    private static Ok<StudyDto[]> List(HttpContext http, IStudyStore store, StudyFolders folders)
    {
        var caller = Caller.From(http.User);
        return TypedResults.Ok(store.List().Where(s => StudyAccess.CanSee(caller, s)).Select(s => ToDto(s, folders, withResult: false)).ToArray());
    }

    private static Results<Ok<StudyDto>, ProblemHttpResult> Get(string id, HttpContext http, IStudyStore store, StudyFolders folders, AuditTrail audit)
    {
        if (Find(store, id, http) is not { } s) return Problems.StudyNotFound(id);
        audit.Record(http, AuditActions.View, id);
        return TypedResults.Ok(ToDto(s, folders, withResult: true));
    }

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Download(string id, string file, HttpContext http, IStudyStore store, StudyFolders folders, AuditTrail audit)
    {
        if (Find(store, id, http) is not { } s) return Problems.StudyNotFound(id);
        if (!StudyFiles.All.Contains(file) && !StudyFiles.IsDicomResult(file))
            return Problems.Make(StatusCodes.Status404NotFound, Problems.NotFound, "No such file",
                $"a study has {string.Join(", ", StudyFiles.All)} and, when read from DICOM, chestscreener-sr.dcm, chestscreener-sc-NN.dcm, chestscreener-seg.dcm; not '{file}'");
        if (!StudyStatus.IsFinished(s.Status))
            return Problems.Make(StatusCodes.Status409Conflict, Problems.NotReady, "Not ready", $"the study is {s.Status}; its files exist once it is finished");
        var path = Path.Combine(folders.Output(id), file);
        if (!File.Exists(path))
            return Problems.Make(StatusCodes.Status404NotFound, Problems.NotFound, "No such file", $"this study has no {file} (it was {s.Status})");
        audit.Record(http, AuditActions.Download, id, file);
        var download = file is StudyFiles.ReportPdf or StudyFiles.ResultJson ? $"{id}-{file}" : null;
        if (!StudyFiles.IsImmutable(file)) return TypedResults.PhysicalFile(path, StudyFiles.ContentType(file), download, enableRangeProcessing: true);
        // Images never change once written: the viewer's versioned link (?v=) may be kept by this browser for good, so opening
        // a study again costs no download; any other request revalidates with the ETag (304 without the body).
        var info = new FileInfo(path);
        var version = FileVersion.Of(info);
        http.Response.Headers.CacheControl = http.Request.Query["v"] == version ? "private, max-age=31536000, immutable" : "private, no-cache";
        return TypedResults.PhysicalFile(path, StudyFiles.ContentType(file), download, info.LastWriteTimeUtc,
            new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""), enableRangeProcessing: true);
    }

    // A study being analysed is deleted too: its run here is cancelled at once; a run in another worker process stops at its
    // next claim renewal (within LeaseSeconds / 3), finding the study gone, and discards its work. The study is gone from the
    // API when this answers, so the answer is 204 either way.
    private static Results<NoContent, ProblemHttpResult> Delete(string id, HttpContext http, IStudyStore store, StudyFolders folders,
        StudyCancellations running, AuditTrail audit)
    {
        if (Find(store, id, http) is not { } s) return Problems.StudyNotFound(id);
        var cancelled = s.Status == StudyStatus.Processing && running.TryCancel(id);
        Discard(store, folders, id);
        audit.Record(http, AuditActions.Delete, id, s.Status == StudyStatus.Processing
            ? $"deleted while being analysed; its analysis was stopped {(cancelled ? "here" : "by its worker's next claim renewal")}" : null);
        return TypedResults.NoContent();
    }

    private static FileContentHttpResult Export(HttpContext http, IStudyStore store, AuditTrail audit)
    {
        var caller = Caller.From(http.User);
        var results = new List<StudyResult>();
        foreach (var s in store.List())
        {
            if (StudyStatus.IsFinished(s.Status) && s.ResultJson is { } json && StudyAccess.CanSee(caller, s)) results.Add(ResultJson.Deserialize(json));
        }
        audit.Record(http, AuditActions.Export, null, $"LCT table of {results.Count} studies");
        return TypedResults.File(LctExport.ToXlsx(results), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "chestscreener-lct.xlsx");
    }

    private static Ok<HealthDto> Health(IStudyStore store, IOptions<ServerOptions> options, ServiceHealth health, Viewer.ViewerFiles viewer) =>
        TypedResults.Ok(HealthReport.Build(store, options.Value, health, viewer.Root is not null));

    /// <summary>The study, or null when it does not exist or the caller may not see it (both answer the same 404).</summary>
    private static StudyRecord? Find(IStudyStore store, string id, HttpContext http) =>
        StudyIds.IsValid(id) && store.Get(id) is { } s && s.Status != StudyStatus.Receiving && StudyAccess.CanSee(Caller.From(http.User), s) ? s : null;

    private static void Discard(IStudyStore store, StudyFolders folders, string id)
    {
        store.Delete(id);
        folders.DeleteStudy(id);
    }

    internal static StudyDto ToDto(StudyRecord s, StudyFolders folders, bool withResult)
    {
        var finished = StudyStatus.IsFinished(s.Status);
        var links = new Dictionary<string, string>();
        StudyResult? result = null;
        if (finished && s.ResultJson is { } json)
        {
            result = ResultJson.Deserialize(json);
            foreach (var f in StudyFiles.All)
            {
                var info = new FileInfo(Path.Combine(folders.Output(s.Id), f));
                if (info.Exists) links[f] = StudyFiles.IsImmutable(f) ? $"/api/v1/studies/{s.Id}/{f}?v={FileVersion.Of(info)}" : $"/api/v1/studies/{s.Id}/{f}";
            }
        }
        var end = s.FinishedUtc ?? (s.Status == StudyStatus.Processing ? DateTimeOffset.UtcNow : null);
        return new StudyDto
        {
            Id = s.Id,
            Name = s.Name,
            Status = s.Status,
            Stage = s.Stage,
            Progress = Math.Round(s.Progress, 1),
            CreatedUtc = s.CreatedUtc,
            StartedUtc = s.StartedUtc,
            FinishedUtc = s.FinishedUtc,
            ProcessingS = s.StartedUtc is { } start && end is { } e ? Math.Round((e - start).TotalSeconds, 1) : null,
            Files = s.FileCount,
            Bytes = s.InputBytes,
            Verdict = s.Verdict,
            ProbabilityOfPathology = s.Probability,
            Rejection = s.ErrorCode is { } code ? new Rejection(code, s.ErrorMessage ?? "") : null,
            Links = links,
            Patient = result?.Patient,
            Result = withResult ? result : null,
        };
    }
}
