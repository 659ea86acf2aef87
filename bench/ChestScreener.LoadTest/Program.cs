namespace ChestScreener.LoadTest;

/// <summary>
/// Bounded load and kill tests against the real `screener serve` binary on 127.0.0.1 (fake processor, --no-auth):
/// `load` (concurrent uploads, then a burst past the queue limit) and `kill` (SIGKILL at random moments, restart, check
/// exactly-once completion), and `speed` (the real pipeline on a real study: upload-complete to done one at a time and
/// several at once, throughput per worker count, against `screener analyze` of the same folder). Every loop is bounded in count and time; the server is always stopped at the end.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("load" or "kill" or "speed"))
        {
            Console.Error.WriteLine("""
                usage: chestscreener-loadtest load|kill|speed [--screener PATH] [--work DIR] [--uploads N] [--burst N] [--queue-limit N]
                         [--upload-limit N] [--workers N] [--files N] [--file-kb N] [--kills N] [--seed N] [--max-seconds N]
                         [--keys 0|1] [--upload-kbps N]
                       speed: --study DICOM_FOLDER [--model DIR] [--threads N] [--sequential N] [--concurrent N]
                """);
            return 2;
        }
        var settings = Settings.Parse(args, RepoRoot());
        if (!File.Exists(settings.Screener))
        {
            Console.Error.WriteLine($"no server binary at {settings.Screener}: build it (./screener --help) or pass --screener");
            return 2;
        }
        Directory.CreateDirectory(settings.WorkDir);
        return args[0] switch
        {
            "load" => await LoadRun.RunAsync(settings),
            "speed" => await SpeedRun.RunAsync(settings),
            _ => await KillRun.RunAsync(settings),
        };
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChestScreener.slnx"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
