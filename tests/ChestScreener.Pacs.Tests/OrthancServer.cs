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
    /// <summary>The DICOMweb plugin of the Debian package orthanc-dicomweb.</summary>
    public const string DicomWebPlugin = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    private readonly Process _process;
    private readonly string _folder;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    public string Url { get; }

    /// <summary>Orthanc's last log lines, for a failing test's message.</summary>
    public string LastLog => string.Join("\n", _log);

    private void Keep(string? line)
    {
        if (line is null) return;
        _log.Enqueue(line);
        while (_log.Count > 60) _log.TryDequeue(out _);
    }
    public HttpClient Http { get; }

    public static bool Installed => File.Exists(Executable);
    public static bool DicomWebInstalled => File.Exists(DicomWebPlugin);

    /// <summary>
    /// Starts Orthanc; with <paramref name="dicomWebServers"/> (DicomWeb.Servers entries) its DICOMweb plugin is loaded at
    /// /dicom-web/ and can send studies to those servers by STOW-RS.
    /// </summary>
    public OrthancServer(IDictionary<string, object>? dicomWebServers = null)
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
            ["Plugins"] = dicomWebServers is null ? Array.Empty<string>() : [DicomWebPlugin],
            ["SaveJobs"] = false,
        };
        if (dicomWebServers is not null)
            config["DicomWeb"] = new Dictionary<string, object> { ["Enable"] = true, ["Root"] = "/dicom-web/", ["Servers"] = dicomWebServers };
        var configPath = Path.Combine(_folder, "orthanc.json");
        File.WriteAllText(configPath, JsonSerializer.Serialize(config));
        var psi = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(configPath);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
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

    /// <summary>POSTs a JSON body; returns the answer's JSON (throws on an error status).</summary>
    public async Task<JsonElement> PostJsonAsync(string path, object body)
    {
        using var r = await Http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new HttpRequestException($"Orthanc {path} answered {(int)r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
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
