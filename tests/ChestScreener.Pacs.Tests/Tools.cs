using System.Diagnostics;

namespace ChestScreener.Pacs.Tests;

/// <summary>Runs the DICOM command-line validators (dcmtk's dcmdump, dicom3tools' dciodvfy) and reports their output.</summary>
public static class Tools
{
    public static bool Exists(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, name)));

    /// <summary>Runs a tool; returns exit code and stdout+stderr.</summary>
    public static (int Code, string Output) Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException($"{tool} did not finish"); }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>dcmdump of a file; fails the test when dcmdump cannot parse it.</summary>
    public static string Dump(string file)
    {
        var (code, output) = Run("dcmdump", "-q", "-Un", "+L", file);
        Assert.True(code == 0, $"dcmdump failed on {file}: {output}");
        Assert.DoesNotContain("E: ", output);
        return output;
    }

    /// <summary>Every value of a tag ("gggg,eeee") in a dump, at any nesting depth, in file order.</summary>
    public static List<string> Values(string dump, string tag, bool topLevelOnly = false)
    {
        var values = new List<string>();
        foreach (var raw in dump.Split('\n'))
        {
            if (topLevelOnly && !raw.StartsWith('(')) continue;
            var line = raw.TrimStart();
            if (!line.StartsWith("(" + tag + ")", StringComparison.OrdinalIgnoreCase)) continue;
            int open = line.IndexOf('['), close = line.IndexOf(']');
            if (open >= 0 && close > open) values.Add(line[(open + 1)..close]);
            else
            {
                var rest = line[(tag.Length + 5)..].Trim();
                int hash = rest.IndexOf('#');
                values.Add((hash >= 0 ? rest[..hash] : rest).Trim());
            }
        }
        return values;
    }

    /// <summary>The lines dciodvfy reports as errors (empty = the instance validates against its IOD).</summary>
    public static List<string> IodErrors(string file)
    {
        var (_, output) = Run("dciodvfy", "-new", file);
        return output.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
    }
}
