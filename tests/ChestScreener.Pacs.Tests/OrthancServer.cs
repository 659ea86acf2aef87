using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChestScreener.Tests;

namespace ChestScreener.Pacs.Tests;

/// <summary>
/// A real Orthanc (Debian package) for one test: loopback only, free ports, a temporary config and storage folder,
/// HTTP basic authentication, StableAge 1 s; killed and its folder removed on dispose.
/// </summary>
public sealed class OrthancServer : IDisposable
{
    public const string User = "screener";
    public const string Password = "orthanc-test-pw";
    public const string Executable = "/usr/sbin/Orthanc";

    private readonly Process _process;
    private readonly string _folder;

    public string Url { get; }
    public HttpClient Http { get; }

    public static bool Installed => File.Exists(Executable);

    public OrthancServer()
    {
        _folder = Path.Combine(Path.GetTempPath(), "chestscreener-orthanc-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        int http = LoopbackPort.Free(), dicom = LoopbackPort.Free();
        var config = new Dictionary<string, object>
        {
            ["Name"] = "ChestScreenerTest",
            ["StorageDirectory"] = Path.Combine(_folder, "storage"),
            ["IndexDirectory"] = Path.Combine(_folder, "index"),
            ["HttpPort"] = http,
            ["DicomPort"] = dicom,
            ["DicomServerEnabled"] = false,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = true,
            ["RegisteredUsers"] = new Dictionary<string, string> { [User] = Password },
            ["StableAge"] = 1,
            ["Plugins"] = Array.Empty<string>(),
            ["SaveJobs"] = false,
        };
        var configPath = Path.Combine(_folder, "orthanc.json");
        File.WriteAllText(configPath, JsonSerializer.Serialize(config));
        var psi = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(configPath);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Url = $"http://127.0.0.1:{http}";
        Http = new HttpClient { BaseAddress = new Uri(Url + "/"), Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        WaitUntilUp();
    }

    private void WaitUntilUp()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Orthanc exited with code {_process.ExitCode}");
            try
            {
                using var r = Http.GetAsync("system").GetAwaiter().GetResult();
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            Thread.Sleep(200);
        }
        throw new TimeoutException("Orthanc did not answer within 30 s");
    }

    /// <summary>Stores one file; returns the Orthanc id of its study.</summary>
    public async Task<string> StoreAsync(string path)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var r = await Http.PostAsync("instances", content);
        r.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("ParentStudy").GetString()!;
    }

    public async Task<JsonElement> GetJsonAsync(string path) => JsonDocument.Parse(await Http.GetStringAsync(path)).RootElement;

    public void Dispose()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
