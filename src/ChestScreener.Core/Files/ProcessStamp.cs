using System.Diagnostics;

namespace ChestScreener.Files;

/// <summary>
/// "{host}-{pid}-{random}", the mark in the names of folders a process owns (partial uploads, temp folders), so that a later
/// process can tell a folder left by a dead process of this host from one another process still writes.
/// </summary>
public static class ProcessStamp
{
    /// <summary>The host name as it appears in stamps (no '-', so a stamp splits cleanly).</summary>
    public static string Host() => new(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    /// <summary>A new stamp of this process.</summary>
    public static string New() => $"{Host()}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The process id of a stamp made on this host; false for other hosts and other names.</summary>
    public static bool TryParseThisHost(string stamp, out int pid)
    {
        pid = 0;
        var parts = stamp.Split('-');
        return parts.Length == 3 && parts[0] == Host() && int.TryParse(parts[1], out pid);
    }

    /// <summary>Whether a process with this id runs now (callers decide what their own id means).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }
}
