using System.Runtime.InteropServices;

namespace ChestScreener.Files;

/// <summary>
/// Makes every file and folder this process creates from now on private to its user (0600 / 0700) by setting the process
/// umask to 077. The server stores patient images, results and password/key hashes; one process-wide setting covers
/// every writer (.NET, SQLite databases and their WAL files, Hangfire, GDCM) without each having to pass a mode.
/// </summary>
public static partial class PrivateFiles
{
    private const uint OthersAndGroup = 0b000_111_111; // 077

    /// <summary>Sets umask 077 (no-op on Windows, where ACLs of the data folder decide).</summary>
    public static void ForThisProcess()
    {
        if (OperatingSystem.IsWindows()) return;
        // umask returns the previous mask and cannot fail; the previous one is kept only if it was stricter still.
        var previous = umask(OthersAndGroup);
        if ((previous | OthersAndGroup) != OthersAndGroup) umask(previous | OthersAndGroup);
    }

    /// <summary>Sets an existing folder to 0700 (a data folder made by an older version or by hand); false if not allowed.</summary>
    public static bool RestrictFolder(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder)) return true;
        try
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return true;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint umask(uint mask);
}
