using System.Runtime.InteropServices;
using ChestScreener.Files;

namespace ChestScreener.Cli;

/// <summary>
/// The `screener` process's own temp folder (system temp/chestscreener-cli-{host}-{pid}-{random}, mode 0700), made the process's
/// TMPDIR so that every temp file (unpacked zips included) lands in it; removed at exit, on Ctrl+C and on SIGTERM, and swept
/// by the next run when the process was killed outright.
/// </summary>
public sealed class CliTempFolder : IDisposable
{
    private readonly ProcessTempFolder _folder;
    private readonly string? _previous = Environment.GetEnvironmentVariable("TMPDIR");
    private readonly List<PosixSignalRegistration> _signals = [];

    private CliTempFolder(ProcessTempFolder folder) => _folder = folder;

    /// <summary>
    /// Null when `screener` is not the process's program (tests call Program.Main in a shared process, whose TMPDIR must not
    /// change under other tests) or no folder can be made (the run goes on with the system temp folder).
    /// </summary>
    public static CliTempFolder? Start()
    {
        if (System.Reflection.Assembly.GetEntryAssembly() != typeof(CliTempFolder).Assembly) return null;
        ProcessTempFolder folder;
        try
        {
            folder = ProcessTempFolder.Create(Path.GetTempPath(), "chestscreener-cli-", TimeSpan.FromDays(7));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var temp = new CliTempFolder(folder);
        Environment.SetEnvironmentVariable("TMPDIR", folder.Path);
        // The default action of these signals ends the process without running finally blocks: remove the folder first.
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
            temp._signals.Add(PosixSignalRegistration.Create(signal, _ => folder.Dispose()));
        return temp;
    }

    public void Dispose()
    {
        foreach (var s in _signals) s.Dispose();
        Environment.SetEnvironmentVariable("TMPDIR", _previous);
        _folder.Dispose();
    }
}
