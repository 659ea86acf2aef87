using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ChestScreener.Server.Api;

namespace ChestScreener.Server.Tests;

/// <summary>Test inputs (DICOM-looking files, zips, garbage) and API helpers: upload, wait for a study to finish.</summary>
public static class TestUploads
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>A file with the DICOM preamble and magic (enough for the upload check; the fake processor ignores pixels).</summary>
    public static byte[] DicomLike(int seed)
    {
        var bytes = new byte[600];
        "DICM"u8.CopyTo(bytes.AsSpan(128));
        bytes[200] = (byte)seed;
        return bytes;
    }

    public static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(content);
            }
        }
        return ms.ToArray();
    }

    public static MultipartFormDataContent Form(params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "files", name);
        }
        return form;
    }

    public static async Task<StudyDto> UploadAsync(HttpClient client, params (string Name, byte[] Content)[] files)
    {
        var response = await client.PostAsync("/api/v1/studies", Form(files));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<StudyDto>(Json))!;
    }

    public static async Task<StudyDto> GetAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<StudyDto>($"/api/v1/studies/{id}", Json))!;

    public static async Task<StudyDto> WaitFinishedAsync(HttpClient client, string id, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var s = await GetAsync(client, id);
            if (s.Status is "done" or "rejected" or "failed") return s;
            if (DateTime.UtcNow > until) throw new TimeoutException($"study {id} is still {s.Status} ({s.Stage} {s.Progress}%)");
            await Task.Delay(100);
        }
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
