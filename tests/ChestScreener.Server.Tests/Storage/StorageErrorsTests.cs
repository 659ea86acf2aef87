using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ChestScreener.Server.Tests.Storage;

/// <summary>StorageErrors.IsDiskFull on what each layer really throws when the disk is full, and not on other I/O errors.</summary>
public sealed class StorageErrorsTests
{
    [SkippableFact]
    public void A_write_to_dev_full_is_recognised_as_disk_full()
    {
        Skip.IfNot(File.Exists("/dev/full"), "/dev/full exists on Linux only");
        // /dev/full answers every write with ENOSPC: the exception .NET really throws on a full disk.
        var e = Assert.ThrowsAny<IOException>(() => File.WriteAllBytes("/dev/full", new byte[1 << 16]));
        Assert.True(StorageErrors.IsDiskFull(e), $"{e.GetType().Name} HResult {e.HResult}: {e.Message}");
        Assert.True(StorageErrors.IsDiskFull(new InvalidOperationException("wrapped", e)));
        Assert.True(StorageErrors.IsDiskFull(new AggregateException(new TimeoutException(), e)));
    }

    [Fact]
    public void Database_disk_full_errors_are_recognised()
    {
        Assert.True(StorageErrors.IsDiskFull(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13, 13)));
        Assert.True(StorageErrors.IsDiskFull(new PostgresException("could not extend file", "ERROR", "ERROR", "53100")));
        Assert.True(StorageErrors.IsDiskFull(StorageErrors.NoSpaceLeft("/data/x")));
    }

    [Fact]
    public void Other_storage_errors_are_not_disk_full()
    {
        Assert.False(StorageErrors.IsDiskFull(new IOException("Permission denied", 13)));
        Assert.False(StorageErrors.IsDiskFull(new FileNotFoundException("gone")));
        Assert.False(StorageErrors.IsDiskFull(new SqliteException("SQLite Error 5: 'database is locked'.", 5, 5)));
        Assert.False(StorageErrors.IsDiskFull(new PostgresException("duplicate key", "ERROR", "ERROR", "23505")));
        Assert.False(StorageErrors.IsDiskFull(new TestDbException()));
        Assert.False(StorageErrors.IsDiskFull(null));
    }

    // Another provider's exception whose error code happens to be SQLite's SQLITE_FULL.
    private sealed class TestDbException() : DbException("other provider", 13);
}
