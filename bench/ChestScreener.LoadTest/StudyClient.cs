using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ChestScreener.LoadTest;

/// <summary>
/// What one upload got back: HTTP status (0 = no answer), the study id when accepted, latency, Retry-After, and whether
/// the server answered from an earlier upload with the same Idempotency-Key.
/// </summary>
public sealed record UploadOutcome(int Status, string? Id, double Seconds, int? RetryAfterSeconds, string? Error, bool Replayed = false);

/// <summary>The API calls the load and kill runs make: upload one zip, read a study's status.</summary>
/// <param name="uploadBytesPerSecond">0: send each upload as fast as the loopback takes it; otherwise at this rate.</param>
public sealed class StudyClient(HttpClient http, Uri baseUri, int uploadBytesPerSecond = 0)
{
    /// <summary>A study zip of <paramref name="files"/> DICOM-like files of <paramref name="bytesEach"/> bytes (the fake processor reads no pixels).</summary>
    public static byte[] MakeStudyZip(int files, int bytesEach, int seed)
    {
        var rng = new Random(seed);
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (int i = 0; i < files; i++)
            {
                var bytes = new byte[bytesEach];
                rng.NextBytes(bytes.AsSpan(132));   // incompressible, like CT pixels
                "DICM"u8.CopyTo(bytes.AsSpan(128));
                using var s = zip.CreateEntry($"slice{i:D4}.dcm", CompressionLevel.Fastest).Open();
                s.Write(bytes);
            }
        }
        return ms.ToArray();
    }

    /// <param name="key">Sent as the Idempotency-Key header when given.</param>
    public async Task<UploadOutcome> UploadAsync(byte[] zip, string name, CancellationToken ct, string? key = null)
    {
        using var form = new MultipartFormDataContent();
        HttpContent part = uploadBytesPerSecond > 0 ? new ThrottledContent(zip, uploadBytesPerSecond) : new ByteArrayContent(zip);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(part, "files", name);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "/api/v1/studies")) { Content = form };
        if (key != null) request.Headers.Add("Idempotency-Key", key);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            string? id = null;
            if (response.StatusCode == HttpStatusCode.Accepted)
                id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetString();
            var retry = response.Headers.RetryAfter?.Delta is { } d ? (int?)d.TotalSeconds : null;
            bool replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var r) && r.Contains("true");
            return new UploadOutcome((int)response.StatusCode, id, clock.Elapsed.TotalSeconds, retry, response.IsSuccessStatusCode ? null : body, replayed);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return new UploadOutcome(0, null, clock.Elapsed.TotalSeconds, null, e.GetType().Name + ": " + e.Message);
        }
    }

    /// <summary>Status and finish time of a study; null when the server does not answer.</summary>
    public async Task<(string Status, DateTimeOffset? Finished)?> StatusAsync(string id, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(baseUri, $"/api/v1/studies/{id}"), ct);
            if (response.StatusCode == HttpStatusCode.NotFound) return ("missing", null);
            if (!response.IsSuccessStatusCode) return null;
            var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
            DateTimeOffset? finished = root.TryGetProperty("finished_utc", out var f) && f.ValueKind == JsonValueKind.String ? f.GetDateTimeOffset() : null;
            return (root.GetProperty("status").GetString()!, finished);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return null;
        }
    }

    public static bool IsFinished(string status) => status is "done" or "rejected" or "failed";
}
