using System.Collections.Concurrent;
using System.Diagnostics;

namespace ChestScreener.Server.Tests.ScaleOut;

/// <summary>One real service process (ChestScreener.Server.Testing.dll, the server with the fake processor, from the test's own build) with its output captured; killed on dispose.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    public ServerProcess(string name, string workingDir, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        Name = name;
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ChestScreener.Server.Testing.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The test runner's environment must not give a worker a port or change the logging it is checked by.
        foreach (var v in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_ENVIRONMENT", "Logging__LogLevel__Default" })
            psi.Environment.Remove(v);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) psi.Environment[key] = value;
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public bool Exited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Waits for the process to end by itself; false if it is still running after <paramref name="timeout"/>. Once it has
    /// ended, also waits for its redirected output to be read: the timed overload returns before the last lines arrive.
    /// </summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit();
        return true;
    }
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>SIGKILL: the process gets no chance to give its study back (a crashed machine).</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public string Tail(int n = 40) => $"--- {Name} (pid {Pid}) ---\n" + string.Join("\n", Lines.TakeLast(n));

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
