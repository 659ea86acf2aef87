using System.Diagnostics;
using ChestScreener.Dicom.Tests.Validation;

namespace ChestScreener.Dicom.Tests.Gdcm;

/// <summary>Runs <see cref="GdcmProbeProgram"/> in a child process (this test assembly, started with dotnet) and reports how it ended.</summary>
internal static class GdcmChild
{
    /// <summary>A child that has not finished in this long is a hang (a guard, not a timing assertion).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    public sealed record Outcome(int ExitCode, IReadOnlyList<string> Lines, string Errors)
    {
        /// <summary>The process ended normally after probing every file (134 = SIGABRT from a GDCM assertion).</summary>
        public bool Finished => ExitCode == 0 && Lines.Contains("probe finished");

        /// <summary>The file being tried when the child died.</summary>
        public string? Culprit => Lines.LastOrDefault(l => l.StartsWith("trying ", StringComparison.Ordinal))?["trying ".Length..];

        public string Describe() =>
            $"exit code {ExitCode}; last file tried: {Culprit}; stderr: {(Errors.Length > 600 ? Errors[^600..] : Errors)}";
    }

    public static Outcome Probe(IEnumerable<string> files, bool withReader = true)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(typeof(GdcmChild).Assembly.Location);
        psi.ArgumentList.Add(withReader ? "probe" : "probe-gdcm");
        foreach (var f in files) psi.ArgumentList.Add(f);
        using var process = Process.Start(psi)!;
        var errors = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line) lines.Add(line);
        if (!process.WaitForExit(HangGuard))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"the GDCM probe did not finish within {HangGuard}");
        }
        return new Outcome(process.ExitCode, lines, errors.GetAwaiter().GetResult());
    }

    /// <summary>Probes the files and fails the test, naming the culprit, when the child did not survive them.</summary>
    public static IReadOnlyList<string> Survives(IEnumerable<string> files, bool withReader = true)
    {
        var o = Probe(files, withReader);
        Assert.True(o.Finished, "GDCM took the process down: " + o.Describe());
        return o.Lines;
    }
}
