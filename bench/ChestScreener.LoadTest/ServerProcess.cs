using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace ChestScreener.LoadTest;

/// <summary>
/// The real `screener serve` binary on a loopback port and its own data folder, started, killed (SIGKILL) and restarted
/// on the same folder; samples the server's resident memory while it runs.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly string _screener;
    private readonly string _dataDir;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly int _workers;
    private Process? _process;
    private Timer? _sampler;
    private readonly string _log;
    private readonly IReadOnlyList<string> _serveArgs;

    /// <param name="serveArgs">Arguments for `screener serve` that replace the default `--processor fake` (speed runs pass the real pipeline and a model).</param>
    public ServerProcess(string screener, string dataDir, int workers, IReadOnlyDictionary<string, string> settings, IReadOnlyList<string>? serveArgs = null)
    {
        _serveArgs = serveArgs ?? ["--processor", "fake"];
        _screener = screener;
        _dataDir = dataDir;
        _workers = workers;
        _settings = settings;
        Port = ChestScreener.Tests.LoopbackPort.Free();
        _log = Path.Combine(dataDir, "server.log");
    }

    public int Port { get; }
    public Uri BaseUri => new($"http://127.0.0.1:{Port}");
    /// <summary>Largest resident set seen over every incarnation (sampled every 100 ms, and the kernel's peak at each stop).</summary>
    public long PeakRssBytes { get; private set; }
    public int Starts { get; private set; }
    public int? Pid => _process?.Id;

    public async Task StartAsync(HttpClient client)
    {
        var psi = new ProcessStartInfo(_screener)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "serve", "--urls", BaseUri.ToString().TrimEnd('/'), "--data", _dataDir, "--no-auth", "--workers", _workers.ToString(CultureInfo.InvariantCulture) }.Concat(_serveArgs))
            psi.ArgumentList.Add(a);
        foreach (var (key, value) in _settings)
        {
            // serve passes its own --memory-mb as a command-line setting, which outranks the environment.
            if (key == "MemoryBudgetMb") { psi.ArgumentList.Add("--memory-mb"); psi.ArgumentList.Add(value); }
            else psi.Environment["Screener__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__LogLevel__ChestScreener"] = "Information";
        var p = Process.Start(psi) ?? throw new InvalidOperationException("the server did not start");
        _process = p;
        Starts++;
        var log = File.AppendText(_log);
        log.AutoFlush = true;
        log.WriteLine($"--- start {Starts} pid {p.Id} at {DateTime.UtcNow:O}");
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _sampler = new Timer(_ => Sample(), null, 0, 100);
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (p.HasExited) throw new InvalidOperationException($"the server exited with {p.ExitCode} on start; see {_log}");
            try
            {
                using var r = await client.GetAsync(new Uri(BaseUri, "/api/v1/health"));
                if (r.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > until) throw new TimeoutException($"the server did not answer within 90 s; see {_log}");
            await Task.Delay(100);
        }
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public void Kill()
    {
        var p = _process ?? throw new InvalidOperationException("not running");
        Sample();
        p.Kill(entireProcessTree: false);
        p.WaitForExit();
        StopSampling();
    }

    /// <summary>SIGTERM, as a service manager stops it; waits for the exit.</summary>
    public void Stop()
    {
        var p = _process;
        if (p is null || p.HasExited) return;
        Sample();
        using (var term = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)])) term?.WaitForExit();
        if (!p.WaitForExit(30_000)) p.Kill();
        p.WaitForExit();
        StopSampling();
    }

    private void StopSampling()
    {
        _sampler?.Dispose();
        _sampler = null;
    }

    private void Sample()
    {
        var p = _process;
        if (p is null) return;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{p.Id}/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal) && !line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                long bytes = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) << 10;
                lock (this) PeakRssBytes = Math.Max(PeakRssBytes, bytes);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        try { Stop(); } catch (InvalidOperationException) { }
        _process?.Dispose();
    }
}
