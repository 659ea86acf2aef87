using Microsoft.Data.Sqlite;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Storage.Sqlite;

/// <summary>The embedded study store: one SQLite file in the data folder (WAL, so readers never wait for the writer).</summary>
public sealed class SqliteStudyStore : IStudyStore
{
    private const string Columns =
        "id, name, status, stage, progress, created_ms, started_ms, finished_ms, input_bytes, file_count, job_id, runs, " +
        "error_code, error_message, verdict, probability, result_json, owner, site, upload_key, attempts";

    private readonly SqliteCommands _db;
    private readonly TimeProvider _clock;

    public SqliteStudyStore(string databasePath, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _db = new SqliteCommands(databasePath);
        using var c = Open();
        Execute(c, "PRAGMA journal_mode=WAL;");
        Execute(c, """
            CREATE TABLE IF NOT EXISTS studies (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, stage TEXT, progress REAL NOT NULL DEFAULT 0,
              created_ms INTEGER NOT NULL, started_ms INTEGER, finished_ms INTEGER,
              input_bytes INTEGER NOT NULL DEFAULT 0, file_count INTEGER NOT NULL DEFAULT 0, job_id TEXT,
              runs INTEGER NOT NULL DEFAULT 0, worker TEXT, lease_until_ms INTEGER,
              error_code TEXT, error_message TEXT, verdict TEXT, probability REAL, result_json TEXT, owner TEXT, site TEXT,
              attempts INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS studies_status ON studies(status);
            """);
        AddColumnIfMissing(c, "owner");
        AddColumnIfMissing(c, "site");
        AddColumnIfMissing(c, "upload_key");
        AddColumnIfMissing(c, "attempts", "INTEGER NOT NULL DEFAULT 0");
        Execute(c, "CREATE UNIQUE INDEX IF NOT EXISTS studies_upload_key ON studies(coalesce(owner, ''), upload_key) WHERE upload_key IS NOT NULL");
    }

    public void Create(StudyRecord s)
    {
        using var c = Open();
        try
        {
            Execute(c, "INSERT INTO studies (id, name, status, created_ms, input_bytes, file_count, owner, site, upload_key) VALUES ($id, $name, $status, $created, $bytes, $files, $owner, $site, $key)",
                ("$id", s.Id), ("$name", s.Name), ("$status", s.Status), ("$created", s.CreatedUtc.ToUnixTimeMilliseconds()),
                ("$bytes", s.InputBytes), ("$files", s.FileCount), ("$owner", s.Owner), ("$site", s.Site), ("$key", s.UploadKey));
        }
        catch (SqliteException e) when (e.SqliteExtendedErrorCode == 2067 && s.UploadKey != null) // SQLITE_CONSTRAINT_UNIQUE
        {
            throw new UploadKeyTakenException(s.UploadKey, e);
        }
    }

    public StudyRecord? FindByUploadKey(string? owner, string uploadKey)
    {
        using var c = Open();
        var list = Query(c, $"SELECT {Columns} FROM studies WHERE coalesce(owner, '') = $owner AND upload_key = $key", ("$owner", owner ?? ""), ("$key", uploadKey));
        return list.Count == 0 ? null : list[0];
    }

    public StudyRecord? Get(string id)
    {
        using var c = Open();
        var list = Query(c, $"SELECT {Columns} FROM studies WHERE id = $id", ("$id", id));
        return list.Count == 0 ? null : list[0];
    }

    public IReadOnlyList<StudyRecord> List()
    {
        using var c = Open();
        return Query(c, $"SELECT {Columns} FROM studies WHERE status <> 'receiving' ORDER BY created_ms DESC, id");
    }

    public IReadOnlyList<StudyRecord> ListUnfinished()
    {
        using var c = Open();
        return Query(c, $"SELECT {Columns} FROM studies WHERE status IN ('receiving', 'queued', 'processing') ORDER BY created_ms, id");
    }

    public void MarkQueued(string id, string name, long inputBytes, int fileCount)
    {
        using var c = Open();
        Execute(c, "UPDATE studies SET status = 'queued', name = $name, input_bytes = $bytes, file_count = $files, stage = 'queued' WHERE id = $id",
            ("$id", id), ("$name", name), ("$bytes", inputBytes), ("$files", fileCount));
    }

    public void SetJob(string id, string jobId)
    {
        using var c = Open();
        Execute(c, "UPDATE studies SET job_id = $job WHERE id = $id", ("$id", id), ("$job", jobId));
    }

    public bool TryClaim(string id, string worker, TimeSpan lease)
    {
        var now = Now();
        using var c = Open();
        // One statement, so two workers racing for the same study cannot both win.
        return Execute(c, """
            UPDATE studies SET status = 'processing', worker = $w, lease_until_ms = $until, runs = runs + 1, attempts = attempts + 1,
              started_ms = $now, stage = 'starting', progress = 0
            WHERE id = $id AND status IN ('queued', 'processing')
              AND (worker IS NULL OR worker = $w OR lease_until_ms IS NULL OR lease_until_ms < $now)
            """, ("$id", id), ("$w", worker), ("$until", now + (long)lease.TotalMilliseconds), ("$now", now)) == 1;
    }

    public bool RenewClaim(string id, string worker, TimeSpan lease)
    {
        using var c = Open();
        return Execute(c, "UPDATE studies SET lease_until_ms = $until WHERE id = $id AND worker = $w AND status = 'processing'",
            ("$id", id), ("$w", worker), ("$until", Now() + (long)lease.TotalMilliseconds)) == 1;
    }

    public void Release(string id, string worker)
    {
        using var c = Open();
        // A run given back on a graceful stop was not a failed attempt.
        Execute(c, "UPDATE studies SET status = 'queued', worker = NULL, lease_until_ms = NULL, stage = 'queued', progress = 0, attempts = MAX(attempts - 1, 0) WHERE id = $id AND worker = $w AND status = 'processing'",
            ("$id", id), ("$w", worker));
    }

    public IReadOnlyList<string> RequeueLapsed()
    {
        using var c = Open();
        return SqliteCommands.Query(c, """
            UPDATE studies SET status = 'queued', worker = NULL, lease_until_ms = NULL, stage = 'queued', progress = 0
            WHERE status = 'processing' AND lease_until_ms < $now RETURNING id
            """, r => r.GetString(0), ("$now", Now()));
    }

    public void UpdateProgress(string id, string stage, double percent)
    {
        using var c = Open();
        Execute(c, "UPDATE studies SET stage = $stage, progress = $p WHERE id = $id AND status = 'processing'",
            ("$id", id), ("$stage", stage), ("$p", Math.Clamp(percent, 0, 100)));
    }

    public bool Complete(string id, string? worker, string status, string? verdict, double? probability, string? errorCode, string? errorMessage, string resultJson)
    {
        using var c = Open();
        // Conditional, so a worker that lost its claim cannot overwrite the result of the one that took over.
        return Execute(c, """
            UPDATE studies SET status = $status, verdict = $verdict, probability = $p, error_code = $code, error_message = $msg,
              result_json = $json, finished_ms = $now, stage = 'finished', progress = 100, worker = NULL, lease_until_ms = NULL
            WHERE id = $id AND status IN ('queued', 'processing') AND ($w IS NULL OR (worker = $w AND status = 'processing'))
            """, ("$id", id), ("$w", worker), ("$status", status), ("$verdict", verdict), ("$p", probability), ("$code", errorCode),
            ("$msg", errorMessage), ("$json", resultJson), ("$now", Now())) == 1;
    }

    public bool Delete(string id)
    {
        using var c = Open();
        return Execute(c, "DELETE FROM studies WHERE id = $id", ("$id", id)) == 1;
    }

    // Owner and site came with authentication, upload_key with idempotent uploads, attempts with the cap on runs: a studies.db
    // made before them gets the columns (owner null = admins only; upload_key null = an upload without a key; attempts 0).
    private static void AddColumnIfMissing(SqliteConnection c, string column, string type = "TEXT")
    {
        if ((long)SqliteCommands.Scalar(c, "SELECT COUNT(*) FROM pragma_table_info('studies') WHERE name = $n", ("$n", column))! != 0) return;
        try
        {
            Execute(c, $"ALTER TABLE studies ADD COLUMN {column} {type}");
        }
        catch (SqliteException e) when (e.Message.Contains("duplicate column", StringComparison.OrdinalIgnoreCase))
        {
            // Another process starting at the same moment added it first.
        }
    }

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private SqliteConnection Open() => _db.Open();

    private static int Execute(SqliteConnection c, string sql, params (string Name, object? Value)[] args) => SqliteCommands.Execute(c, sql, args);

    private static List<StudyRecord> Query(SqliteConnection c, string sql, params (string Name, object? Value)[] args) => SqliteCommands.Query(c, sql, Read, args);

    private static StudyRecord Read(SqliteDataReader r) => StudyRows.Read(r, static (r, i) => SqliteCommands.Time(r.GetInt64(i)));
}
