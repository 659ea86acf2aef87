namespace ChestScreener.Files;

/// <summary>
/// A temp folder owned by this process (<c>PARENT/PREFIX{host}-{pid}-{random}</c>, mode 0700), removed on dispose. On creation
/// it sweeps what earlier processes left behind under the same prefix: folders of this host whose process is gone (a
/// <c>kill -9</c> runs no cleanup), and any folder not written to for <c>staleAfter</c> (another host sharing the folder).
/// Folders of live processes on this host are never touched, so several processes may share the parent.
/// </summary>
public sealed class ProcessTempFolder : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    // Folders made by this process and not yet disposed (several hosts may run in one process, as in tests): never swept.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> Live = new(StringComparer.Ordinal);

    private ProcessTempFolder(string path) => Path = path;

    /// <summary>The folder's full path; it exists until dispose.</summary>
    public string Path { get; }

    /// <summary>Folders removed by the sweep on creation (for the log).</summary>
    public IReadOnlyList<string> Swept { get; private init; } = [];

    public static ProcessTempFolder Create(string parent, string prefix, TimeSpan staleAfter)
    {
        parent = System.IO.Path.GetFullPath(parent);
        CreatePrivate(parent);
        var swept = Sweep(parent, prefix, staleAfter);
        var own = System.IO.Path.Combine(parent, prefix + ProcessStamp.New());
        CreatePrivate(own);
        Live[own] = 0;
        return new ProcessTempFolder(own) { Swept = swept };
    }

    public void Dispose()
    {
        TryDelete(Path);
        Live.TryRemove(Path, out _);
    }

    /// <summary>Creates a folder readable by its owner only (the mode is given at creation, so there is no moment it is open).</summary>
    public static void CreatePrivate(string folder)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, OwnerOnly);
    }

    private static List<string> Sweep(string parent, string prefix, TimeSpan staleAfter)
    {
        var swept = new List<string>();
        var cutoff = DateTime.UtcNow - staleAfter;
        foreach (var folder in Directory.EnumerateDirectories(parent, prefix + "*"))
        {
            if (Live.ContainsKey(folder)) continue;
            var dead = ProcessStamp.TryParseThisHost(System.IO.Path.GetFileName(folder)[prefix.Length..], out var pid) && !Alive(pid);
            if ((dead || LastWriteUtc(folder) < cutoff) && TryDelete(folder)) swept.Add(folder);
        }
        return swept;
    }

    // Our own pid on a folder this process did not make is an earlier process that had the same pid (pid 1 in a container).
    private static bool Alive(int pid) => pid != Environment.ProcessId && ProcessStamp.IsRunning(pid);

    private static DateTime LastWriteUtc(string folder)
    {
        var last = Directory.GetLastWriteTimeUtc(folder);
        try
        {
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
                if (entry.LastWriteTimeUtc > last) last = entry.LastWriteTimeUtc;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return last;
    }

    private static bool TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }
}
