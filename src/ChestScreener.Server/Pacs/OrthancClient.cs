using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace ChestScreener.Server.Pacs;

/// <summary>The few calls of Orthanc's REST API the bridge needs: /changes, study and series tags, the study archive, POST /instances.</summary>
public sealed class OrthancClient(HttpClient http)
{
    /// <summary>A change of Orthanc's log; StableStudy means no instance arrived for the server's StableAge.</summary>
    public sealed record Change(long Seq, string ChangeType, string ResourceType, string Id);

    public static OrthancClient Create(PacsOptions o)
    {
        var http = new HttpClient { BaseAddress = new Uri(o.OrthancUrl!.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(10) };
        if (!string.IsNullOrEmpty(o.OrthancUser))
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.OrthancUser}:{o.OrthancPassword}")));
        return new OrthancClient(http);
    }

    /// <summary>The sequence number of the newest change (where a bridge without saved state starts).</summary>
    public async Task<long> LastSeqAsync(CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("changes?last", ct));
        return doc.RootElement.GetProperty("Last").GetInt64();
    }

    /// <summary>Changes after <paramref name="since"/>; Done is false when more are waiting.</summary>
    public async Task<(List<Change> Changes, long Last, bool Done)> ChangesAsync(long since, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"changes?since={since}&limit=100", ct));
        var root = doc.RootElement;
        var list = new List<Change>();
        foreach (var c in root.GetProperty("Changes").EnumerateArray())
            list.Add(new Change(c.GetProperty("Seq").GetInt64(), c.GetProperty("ChangeType").GetString() ?? "", c.GetProperty("ResourceType").GetString() ?? "", c.GetProperty("ID").GetString() ?? ""));
        return (list, root.GetProperty("Last").GetInt64(), root.GetProperty("Done").GetBoolean());
    }

    /// <summary>The study's Study Instance UID and the modalities of its series.</summary>
    public async Task<(string StudyUid, List<string> Modalities)> StudyAsync(string id, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync($"studies/{id}", ct));
        var uid = doc.RootElement.GetProperty("MainDicomTags").TryGetProperty("StudyInstanceUID", out var u) ? u.GetString() ?? "" : "";
        var modalities = new List<string>();
        foreach (var s in doc.RootElement.GetProperty("Series").EnumerateArray())
        {
            using var series = JsonDocument.Parse(await http.GetStringAsync($"series/{s.GetString()}", ct));
            if (series.RootElement.GetProperty("MainDicomTags").TryGetProperty("Modality", out var m)) modalities.Add(m.GetString() ?? "");
        }
        return (uid, modalities);
    }

    /// <summary>Downloads the study as Orthanc's zip archive into <paramref name="path"/>.</summary>
    public async Task DownloadArchiveAsync(string id, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync($"studies/{id}/archive", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var file = File.Create(path);
        await response.Content.CopyToAsync(file, ct);
    }

    /// <summary>Stores one DICOM file; returns the Orthanc id of the study it was filed under.</summary>
    public async Task<string> UploadAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        using var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var response = await http.PostAsync("instances", content, ct);
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        return doc.RootElement.TryGetProperty("ParentStudy", out var p) ? p.GetString() ?? "" : "";
    }
}
