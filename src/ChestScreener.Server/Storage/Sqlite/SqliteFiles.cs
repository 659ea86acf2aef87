using Microsoft.Data.Sqlite;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Storage.Sqlite;

/// <summary>
/// How every embedded store opens studies.db (WAL is set by each store; shared cache; 30 s of retries when locked), and how
/// the connections pooled for one file are let go.
/// </summary>
public static class SqliteFiles
{
    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(databasePath),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Shared,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>
    /// Closes the pooled connections of this one file, for when it is done with (a test's data folder, say). Never
    /// <c>SqliteConnection.ClearAllPools</c>: that clears the pools of every file in the process, and a clear that lands while
    /// another thread uses its own file can dispose that connection's handle under it (SqlitePoolTests saw
    /// ObjectDisposedException in 1 run of 6 with ClearAllPools in place of this).
    /// </summary>
    public static void ReleasePool(string databasePath)
    {
        using var c = new SqliteConnection(ConnectionString(databasePath));
        SqliteConnection.ClearPool(c);
    }
}
