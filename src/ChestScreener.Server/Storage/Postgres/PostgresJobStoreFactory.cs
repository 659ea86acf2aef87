using ChestScreener.Server.Options;
using ChestScreener.Server.ScaleOut;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Options;
using Npgsql;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Storage.Postgres;

/// <summary>Scale-out storage: Hangfire's jobs (schema "hangfire") and the studies (schema "screener") in one PostgreSQL database.</summary>
public sealed class PostgresJobStoreFactory(IOptions<ScaleOutOptions> scaleOut) : IJobStoreFactory
{
    public const string StoreName = "postgres";

    public string Name => StoreName;

    public JobStorage CreateJobStorage(ServerOptions options)
    {
        var cs = ConnectionString(scaleOut.Value);
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromSeconds(options.QueuePollSeconds),
            // A live worker keeps moving its fetch time forward, so a job is handed to another worker only when its own stopped
            // for this long; the study lease (LeaseSeconds, swept by LeaseSweeper) usually requeues the study much sooner.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(options.InvisibilityTimeoutMinutes),
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        };
        // Hangfire's installer is not safe when several processes start on an empty database at once; the study schema's
        // advisory lock, held on a separate connection while it runs, serialises them.
        using var db = NpgsqlDataSource.Create(cs);
        using var c = db.OpenConnection();
        using (var cmd = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresSchema.LockKey})", c) { CommandTimeout = PostgresSchema.LockWaitSeconds }) cmd.ExecuteNonQuery();
        try
        {
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(cs, storageOptions), storageOptions);
        }
        finally
        {
            using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresSchema.LockKey})", c);
            unlock.ExecuteNonQuery();
        }
    }

    public IStudyStore CreateStudyStore(ServerOptions options) => new PostgresStudyStore(ConnectionString(scaleOut.Value));

    /// <summary>The Npgsql connection string of the deployment's database (Screener:Database / --db).</summary>
    public static string ConnectionString(ScaleOutOptions scaleOut)
    {
        var value = scaleOut.Database;
        if (string.IsNullOrWhiteSpace(value))
            throw new InvalidOperationException("Screener:Store is postgres but Screener:Database (--db) is empty");
        return PostgresConnection.ToNpgsql(value);
    }
}
