namespace ChestScreener.Server.Storage;

/// <summary>
/// Tells a full disk (or an exhausted quota) from other I/O errors. .NET puts the errno into IOException.HResult on Unix
/// (ENOSPC is 28 on Linux and macOS; EDQUOT 122 on Linux, 69 on macOS) and the Win32 error as an HRESULT on Windows
/// (ERROR_DISK_FULL 0x70, ERROR_HANDLE_DISK_FULL 0x27). The study databases say so with their own codes.
/// </summary>
public static class StorageFull
{
    private const int SqliteFull = 13;           // SQLITE_FULL
    private const string PostgresDiskFull = "53100"; // disk_full
    private const int EnoSpc = 28;
    private const int EdQuotLinux = 122;
    private const int EdQuotMac = 69;
    private const int WinDiskFull = unchecked((int)0x80070070);
    private const int WinHandleDiskFull = unchecked((int)0x80070027);

    /// <summary>True when <paramref name="e"/> (or an exception inside it) says the disk or the quota is full.</summary>
    public static bool Is(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is IOException io && IsCode(io.HResult)) return true;
            if (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: SqliteFull }) return true;
            if (e is Npgsql.PostgresException { SqlState: PostgresDiskFull }) return true;
        }
        return false;
    }

    private static bool IsCode(int hresult) => OperatingSystem.IsWindows()
        ? hresult is WinDiskFull or WinHandleDiskFull
        : hresult == EnoSpc || (OperatingSystem.IsLinux() ? hresult == EdQuotLinux : hresult == EdQuotMac);
}
