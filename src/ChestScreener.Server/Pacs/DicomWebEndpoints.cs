using System.Text.Json.Nodes;
using ChestScreener.Server.Audit;
using ChestScreener.Server.Auth;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// DICOMweb read side, enough for a PACS or viewer to find and fetch what ChestScreener holds of a study — above all its
/// results (SR, SC, SEG) — and for the Retrieve URL of a STOW-RS response to resolve. WADO-RS: study, series and instance
/// retrieve as multipart/related; type="application/dicom" (files as stored). QIDO-RS: studies, series and instances as
/// application/dicom+json, matching on the UIDs and Modality. Needs the read role; a caller sees only the studies it may see.
/// </summary>
public static class DicomWebEndpoints
{
    private static readonly HashSet<string> PagingKeys = new(StringComparer.OrdinalIgnoreCase) { "limit", "offset", "includefield", "fuzzymatching" };

    public static void MapDicomWebRead(IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/dicomweb").WithTags("dicomweb").RequireAuthorization(Roles.ReadPolicy);
        g.MapGet("/studies", SearchStudies).WithName("QidoStudies")
            .WithSummary("QIDO-RS: the studies you may see (StudyInstanceUID matching; limit/offset).");
        g.MapGet("/studies/{study}/series", SearchSeries).WithName("QidoSeries")
            .WithSummary("QIDO-RS: series of a study, received ones and ChestScreener's results (SR 9901, SC 9902, SEG 9903); Modality and SeriesInstanceUID matching.");
        g.MapGet("/studies/{study}/instances", (string study, HttpContext http, DicomWebCatalog c) => SearchInstances(study, null, http, c))
            .WithName("QidoStudyInstances").WithSummary("QIDO-RS: instances of a study.");
        g.MapGet("/studies/{study}/series/{series}/instances", (string study, string series, HttpContext http, DicomWebCatalog c) => SearchInstances(study, series, http, c))
            .WithName("QidoSeriesInstances").WithSummary("QIDO-RS: instances of a series.");
        g.MapGet("/studies/{study}", (string study, HttpContext http, DicomWebCatalog c, AuditTrail a, CancellationToken ct) => Retrieve(http, c, a, study, null, null, ct))
            .WithName("WadoStudy").WithSummary("WADO-RS: every instance of the study you may see (multipart/related; type=\"application/dicom\").");
        g.MapGet("/studies/{study}/series/{series}", (string study, string series, HttpContext http, DicomWebCatalog c, AuditTrail a, CancellationToken ct) => Retrieve(http, c, a, study, series, null, ct))
            .WithName("WadoSeries").WithSummary("WADO-RS: the instances of one series.");
        g.MapGet("/studies/{study}/series/{series}/instances/{instance}", (string study, string series, string instance, HttpContext http, DicomWebCatalog c, AuditTrail a, CancellationToken ct) =>
                Retrieve(http, c, a, study, series, instance, ct))
            .WithName("WadoInstance").WithSummary("WADO-RS: one instance.");
    }

    private static IResult SearchStudies(HttpContext http, DicomWebCatalog catalog)
    {
        if (Unsupported(http, "StudyInstanceUID", "0020000D") is { } refused) return refused;
        var wanted = Query(http, "StudyInstanceUID", "0020000D");
        var caller = Caller.From(http.User);
        var rows = new List<JsonObject>();
        foreach (var uid in catalog.StudyUids(caller).Order(StringComparer.Ordinal))
        {
            if (wanted is not null && !wanted.Contains(uid)) continue;
            var instances = catalog.Study(caller, uid);
            if (instances.Count == 0) continue;
            var row = DicomJson.Row();
            DicomJson.Add(row, "0020000D", "UI", uid);
            DicomJson.Add(row, "00080061", "CS", [.. instances.Select(i => i.Id.Modality).Where(m => m.Length > 0).Distinct().Order()]);
            DicomJson.Add(row, "00201206", "IS", instances.Select(i => i.Id.SeriesUid).Distinct().Count());
            DicomJson.Add(row, "00201208", "IS", instances.Count);
            DicomJson.Add(row, "00081190", "UR", Url(http, uid));
            rows.Add(row);
        }
        return Page(http, rows);
    }

    private static IResult SearchSeries(string study, HttpContext http, DicomWebCatalog catalog)
    {
        if (Unsupported(http, "SeriesInstanceUID", "0020000E", "Modality", "00080060") is { } refused) return refused;
        var uids = Query(http, "SeriesInstanceUID", "0020000E");
        var modalities = Query(http, "Modality", "00080060");
        var rows = new List<JsonObject>();
        foreach (var series in catalog.Study(Caller.From(http.User), study).GroupBy(i => i.Id.SeriesUid).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var modality = series.First().Id.Modality;
            if (uids is not null && !uids.Contains(series.Key)) continue;
            if (modalities is not null && !modalities.Contains(modality)) continue;
            var row = DicomJson.Row();
            DicomJson.Add(row, "00080060", "CS", modality);
            DicomJson.Add(row, "0020000D", "UI", study);
            DicomJson.Add(row, "0020000E", "UI", series.Key);
            DicomJson.Add(row, "00201209", "IS", series.Count());
            DicomJson.Add(row, "00081190", "UR", Url(http, study, series.Key));
            rows.Add(row);
        }
        return Page(http, rows);
    }

    private static IResult SearchInstances(string study, string? series, HttpContext http, DicomWebCatalog catalog)
    {
        if (Unsupported(http, "SOPInstanceUID", "00080018", "SOPClassUID", "00080016", "SeriesInstanceUID", "0020000E", "Modality", "00080060") is { } refused) return refused;
        var sops = Query(http, "SOPInstanceUID", "00080018");
        var classes = Query(http, "SOPClassUID", "00080016");
        var seriesUids = Query(http, "SeriesInstanceUID", "0020000E");
        var modalities = Query(http, "Modality", "00080060");
        var rows = new List<JsonObject>();
        foreach (var i in catalog.Study(Caller.From(http.User), study).OrderBy(i => i.Id.SeriesUid, StringComparer.Ordinal).ThenBy(i => i.Id.SopInstanceUid, StringComparer.Ordinal))
        {
            if (series is not null && i.Id.SeriesUid != series) continue;
            if (sops is not null && !sops.Contains(i.Id.SopInstanceUid)) continue;
            if (classes is not null && !classes.Contains(i.Id.SopClassUid)) continue;
            if (seriesUids is not null && !seriesUids.Contains(i.Id.SeriesUid)) continue;
            if (modalities is not null && !modalities.Contains(i.Id.Modality)) continue;
            var row = DicomJson.Row();
            DicomJson.Add(row, "00080016", "UI", i.Id.SopClassUid);
            DicomJson.Add(row, "00080018", "UI", i.Id.SopInstanceUid);
            DicomJson.Add(row, "00080060", "CS", i.Id.Modality);
            DicomJson.Add(row, "0020000D", "UI", study);
            DicomJson.Add(row, "0020000E", "UI", i.Id.SeriesUid);
            DicomJson.Add(row, "00081190", "UR", Url(http, study, i.Id.SeriesUid, i.Id.SopInstanceUid));
            rows.Add(row);
        }
        return Page(http, rows);
    }

    private static async Task<IResult> Retrieve(HttpContext http, DicomWebCatalog catalog, AuditTrail audit, string study, string? series, string? instance, CancellationToken ct)
    {
        if (!AcceptsDicom(http))
            return Api.Problems.Make(StatusCodes.Status406NotAcceptable, "not_acceptable", "Not acceptable",
                "WADO-RS here answers multipart/related; type=\"application/dicom\" (instances as stored; no rendered, bulk data or metadata resources)");
        var found = catalog.Study(Caller.From(http.User), study)
            .Where(i => (series is null || i.Id.SeriesUid == series) && (instance is null || i.Id.SopInstanceUid == instance))
            .OrderBy(i => i.Id.SeriesUid, StringComparer.Ordinal).ThenBy(i => i.Path, StringComparer.Ordinal).ToList();
        if (found.Count == 0)
            return Api.Problems.Make(StatusCodes.Status404NotFound, Api.Problems.NotFound, "Not found", "no such study, series or instance that you may see");
        foreach (var id in found.Select(i => i.StudyId).Distinct())
            audit.Record(http, AuditActions.Download, id, $"dicomweb: {found.Count(i => i.StudyId == id)} instance(s)");
        await MultipartDicom.WriteAsync(http.Response, found.Select(i => i.Path).ToList(), ct);
        return Microsoft.AspNetCore.Http.Results.Empty;
    }

    // Absent, */*, application/dicom, or multipart/related whose type (if given) is application/dicom: files go as stored.
    private static bool AcceptsDicom(HttpContext http)
    {
        var accept = http.Request.Headers.Accept;
        if (accept.Count == 0 || string.IsNullOrWhiteSpace(accept.ToString())) return true;
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParseList(accept, out var ranges)) return false;
        return ranges.Any(r =>
        {
            var media = r.MediaType.Value ?? "";
            if (media is "*/*" or "multipart/*" || media.Equals("application/dicom", StringComparison.OrdinalIgnoreCase)) return true;
            if (!media.Equals("multipart/related", StringComparison.OrdinalIgnoreCase)) return false;
            var type = r.Parameters.FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))?.Value.Value;
            return type is null || Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(type).Equals("application/dicom", StringComparison.OrdinalIgnoreCase);
        });
    }

    // Matching on keys other than the supported ones would silently answer too much: refuse them instead.
    private static IResult? Unsupported(HttpContext http, params string[] supported)
    {
        var bad = http.Request.Query.Keys.Where(k => !PagingKeys.Contains(k) && !supported.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        return bad.Count == 0 ? null : Api.Problems.Make(StatusCodes.Status400BadRequest, "bad_request", "Unsupported query key",
            $"this QIDO-RS matches on {string.Join(", ", supported.Where((_, i) => i % 2 == 0))} only; not {string.Join(", ", bad)}");
    }

    // UID list matching (PS3.4 C.2.2.2.2): values separated by commas or backslashes.
    private static HashSet<string>? Query(HttpContext http, string keyword, string tag)
    {
        var v = http.Request.Query.FirstOrDefault(q => q.Key.Equals(keyword, StringComparison.OrdinalIgnoreCase) || q.Key.Equals(tag, StringComparison.OrdinalIgnoreCase)).Value;
        if (v.Count == 0) return null;
        return v.SelectMany(s => (s ?? "").Split([',', '\\'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal);
    }

    private static IResult Page(HttpContext http, List<JsonObject> rows)
    {
        int offset = int.TryParse(http.Request.Query["offset"], out var o) && o > 0 ? o : 0;
        int limit = int.TryParse(http.Request.Query["limit"], out var l) && l > 0 ? l : int.MaxValue;
        var page = new JsonArray([.. rows.Skip(offset).Take(limit)]);
        // PS3.18 8.3.4.6.1: an empty match is 200 with an empty array ("no content" 204 is also allowed; clients handle 200 best).
        return Microsoft.AspNetCore.Http.Results.Content(page.ToJsonString(), "application/dicom+json", System.Text.Encoding.UTF8);
    }

    /// <summary>The WADO-RS URL of a study, series or instance on this server, as the caller reached it.</summary>
    public static string Url(HttpContext http, string study, string? series = null, string? instance = null) =>
        $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/dicomweb/studies/{study}" +
        (series is null ? "" : $"/series/{series}") + (instance is null ? "" : $"/instances/{instance}");
}
