using System.Data.Common;

namespace ChestScreener;

/// <summary>Recognises "the disk (or quota) is full" in an exception or anything it wraps, whichever layer raised it.</summary>
public static class StorageErrors
{
    // errno values .NET puts in IOException.HResult on Linux: ENOSPC and EDQUOT.
    private const int NoSpaceErrno = 28;
    private const int QuotaErrno = 122;
    // Windows: ERROR_HANDLE_DISK_FULL and ERROR_DISK_FULL as HRESULTs.
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    // SQLite's SQLITE_FULL (Microsoft.Data.Sqlite's SqliteErrorCode, read by name: Core does not depend on the provider);
    // PostgreSQL's SQLSTATE disk_full.
    private const int SqliteFull = 13;
    private const string PostgresDiskFull = "53100";

    public static bool IsDiskFull(Exception? e)
    {
        for (var depth = 0; e is not null && depth < 16; depth++)
        {
            switch (e)
            {
                case IOException io when io.HResult is NoSpaceErrno or QuotaErrno or WindowsHandleDiskFull or WindowsDiskFull:
                    return true;
                case DbException { SqlState: PostgresDiskFull }:
                    return true;
                case DbException db when db.GetType().FullName == "Microsoft.Data.Sqlite.SqliteException"
                                         && db.GetType().GetProperty("SqliteErrorCode")?.GetValue(db) is SqliteFull:
                    return true;
                case AggregateException many when many.InnerExceptions.Count > 1:
                    foreach (var inner in many.InnerExceptions)
                    {
                        if (IsDiskFull(inner)) return true;
                    }
                    return false;
            }
            e = e.InnerException;
        }
        return false;
    }

    /// <summary>What .NET throws on Linux when a write finds no space left (for tests and fault injection).</summary>
    public static IOException NoSpaceLeft(string? path = null) =>
        new($"No space left on device{(path is null ? "" : $" : '{path}'")}", NoSpaceErrno);
}
