using ChestScreener.Server.Options;
using Hangfire;
using Hangfire.Storage.SQLite;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Storage.Sqlite;

/// <summary>The embedded default: Hangfire's jobs in data/jobs.db and studies in data/studies.db, nothing else to set up.</summary>
public sealed class SqliteJobStoreFactory : IJobStoreFactory
{
    public string Name => "sqlite";

    public JobStorage CreateJobStorage(ServerOptions options)
    {
        Directory.CreateDirectory(options.DataDir);
        return new SQLiteStorage(Path.Combine(Path.GetFullPath(options.DataDir), "jobs.db"), new SQLiteStorageOptions
        {
            QueuePollInterval = TimeSpan.FromSeconds(options.QueuePollSeconds),
            InvisibilityTimeout = TimeSpan.FromMinutes(options.InvisibilityTimeoutMinutes),
        });
    }

    public IStudyStore CreateStudyStore(ServerOptions options)
    {
        Directory.CreateDirectory(options.DataDir);
        return new SqliteStudyStore(Path.Combine(Path.GetFullPath(options.DataDir), "studies.db"));
    }
}
