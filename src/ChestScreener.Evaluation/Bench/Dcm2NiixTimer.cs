using System.Diagnostics;

namespace ChestScreener.Evaluation.Bench;

/// <summary>Times dcm2niix converting a DICOM folder into a temporary folder (removed afterwards); null when it is not installed.</summary>
public static class Dcm2NiixTimer
{
    public static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, "dcm2niix");
            if (File.Exists(p)) return p;
        }
        return null;
    }

    public static List<double> Time(string exe, string input, int repeat)
    {
        var times = new List<double>();
        var temp = Path.Combine(Path.GetTempPath(), "chestscreener-bench-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(temp);
        try
        {
            for (int r = 0; r < repeat; r++)
            {
                foreach (var f in Directory.GetFiles(temp)) File.Delete(f);
                var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in new[] { "-z", "n", "-b", "n", "-o", temp, "-f", "bench", input }) psi.ArgumentList.Add(a);
                var clock = Stopwatch.StartNew();
                using var p = Process.Start(psi) ?? throw new InvalidOperationException("dcm2niix did not start");
                p.StandardOutput.ReadToEnd();
                p.StandardError.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0) throw new InvalidOperationException($"dcm2niix exited with {p.ExitCode} on {input}");
                times.Add(clock.Elapsed.TotalSeconds);
            }
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
        return times;
    }
}
