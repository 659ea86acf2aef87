namespace ChestScreener.LoadTest;

/// <summary>
/// Bounded load and kill tests against the real `screener serve` binary on 127.0.0.1 (fake processor, --no-auth):
/// `load` (concurrent uploads, then a burst past the queue limit) and `kill` (SIGKILL at random moments, restart, check
/// exactly-once completion). Every loop is bounded in count and time; the server is always stopped at the end.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("load" or "kill"))
        {
            Console.Error.WriteLine("""
                usage: chestscreener-loadtest load|kill [--screener PATH] [--work DIR] [--uploads N] [--burst N] [--queue-limit N]
                         [--upload-limit N] [--workers N] [--files N] [--file-kb N] [--kills N] [--seed N] [--max-seconds N]
                         [--keys 0|1] [--upload-kbps N]
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
        return args[0] == "load" ? await LoadRun.RunAsync(settings) : await KillRun.RunAsync(settings);
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
