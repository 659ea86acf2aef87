using System.Globalization;

namespace ChestScreener.LoadTest;

/// <summary>Command-line settings of both runs (every number bounded, so a run always ends by itself).</summary>
public sealed record Settings
{
    public required string Screener { get; init; }
    public string WorkDir { get; init; } = Path.Combine(Path.GetTempPath(), "chestscreener-loadtest");
    public int Uploads { get; init; } = 50;
    public int Burst { get; init; } = 60;
    public int QueueLimit { get; init; } = 60;
    public int UploadLimit { get; init; } = 64;
    public int Workers { get; init; } = 2;
    public int MemoryBudgetMb { get; init; } = 2048;
    public int FilesPerStudy { get; init; } = 16;
    public int BytesPerFile { get; init; } = 64 * 1024;
    public int Kills { get; init; } = 8;
    public int Seed { get; init; } = 1;
    public int MaxSeconds { get; init; } = 600;
    /// <summary>kill: send every upload with an Idempotency-Key, so a resend after a lost 202 finds the first study.</summary>
    public bool UseKeys { get; init; }
    /// <summary>kill: send uploads at this many kB/s (0 = unthrottled), so that kills land while studies are arriving.</summary>
    public int UploadKbps { get; init; }
    /// <summary>speed: the real study (DICOM folder) uploaded as one zip, the model folder, and threads per analysis (0 = the server's default).</summary>
    public string? Study { get; init; }
    public string? Model { get; init; }
    public int Threads { get; init; }
    /// <summary>speed: studies uploaded one at a time, and then at once.</summary>
    public int Sequential { get; init; } = 2;
    public int Concurrent { get; init; } = 4;

    public static Settings Parse(string[] args, string repoRoot)
    {
        var s = new Settings { Screener = Path.Combine(repoRoot, "artifacts", "cli", "screener") };
        for (int i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length) throw new ArgumentException($"{args[i]} needs a value");
            string v = args[i + 1];
            int N() => int.Parse(v, CultureInfo.InvariantCulture);
            s = args[i] switch
            {
                "--screener" => s with { Screener = Path.GetFullPath(v) },
                "--work" => s with { WorkDir = Path.GetFullPath(v) },
                "--uploads" => s with { Uploads = Math.Clamp(N(), 1, 1000) },
                "--burst" => s with { Burst = Math.Clamp(N(), 0, 1000) },
                "--queue-limit" => s with { QueueLimit = Math.Clamp(N(), 1, 100_000) },
                "--upload-limit" => s with { UploadLimit = Math.Clamp(N(), 1, 10_000) },
                "--workers" => s with { Workers = Math.Clamp(N(), 1, 16) },
                "--memory-mb" => s with { MemoryBudgetMb = Math.Clamp(N(), 256, 65536) },
                "--files" => s with { FilesPerStudy = Math.Clamp(N(), 1, 2000) },
                "--file-kb" => s with { BytesPerFile = Math.Clamp(N(), 1, 10_240) * 1024 },
                "--kills" => s with { Kills = Math.Clamp(N(), 0, 100) },
                "--seed" => s with { Seed = N() },
                "--max-seconds" => s with { MaxSeconds = Math.Clamp(N(), 10, 3600) },
                "--keys" => s with { UseKeys = N() != 0 },
                "--study" => s with { Study = Path.GetFullPath(v) },
                "--model" => s with { Model = Path.GetFullPath(v) },
                "--threads" => s with { Threads = Math.Clamp(N(), 0, 64) },
                "--sequential" => s with { Sequential = Math.Clamp(N(), 0, 20) },
                "--concurrent" => s with { Concurrent = Math.Clamp(N(), 0, 20) },
                "--upload-kbps" => s with { UploadKbps = Math.Clamp(N(), 0, 1_000_000) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return s;
    }
}
