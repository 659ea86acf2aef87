using Npgsql;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Storage.Postgres;

/// <summary>
/// The study store on PostgreSQL, shared by every api and worker process. Claims and leases use the database clock (now()), so
/// workers on machines with skewed clocks still agree on when a lease has lapsed; every state change is one conditional UPDATE.
/// </summary>
public sealed class PostgresStudyStore : IStudyStore, IDisposable
{
    private const string T = PostgresSchema.Name + ".studies";
    private const string Columns =
        "id, name, status, stage, progress, created_at, started_at, finished_at, input_bytes, file_count, job_id, runs, " +
        "error_code, error_message, verdict, probability, result_json, owner, site, upload_key, attempts";

    private readonly NpgsqlDataSource _source;
    private readonly PostgresCommands _db;

    public PostgresStudyStore(string connectionString)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        PostgresSchema.Migrate(_source);
        _db = new PostgresCommands(_source);
    }

    public void Dispose() => _source.Dispose();

    public void Create(StudyRecord s)
    {
        try
        {
            Execute($"INSERT INTO {T} (id, name, status, created_at, input_bytes, file_count, owner, site, upload_key) VALUES (@id, @name, @status, @created, @bytes, @files, @owner, @site, @key)",
                ("id", s.Id), ("name", s.Name), ("status", s.Status), ("created", s.CreatedUtc.UtcDateTime), ("bytes", s.InputBytes), ("files", s.FileCount),
                ("owner", s.Owner), ("site", s.Site), ("key", s.UploadKey));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && s.UploadKey != null)
        {
            throw new UploadKeyTakenException(s.UploadKey, e);
        }
    }

    public StudyRecord? FindByUploadKey(string? owner, string uploadKey)
    {
        var list = Query($"SELECT {Columns} FROM {T} WHERE coalesce(owner, '') = @owner AND upload_key = @key", ("owner", owner ?? ""), ("key", uploadKey));
        return list.Count == 0 ? null : list[0];
    }

    public StudyRecord? Get(string id)
    {
        var list = Query($"SELECT {Columns} FROM {T} WHERE id = @id", ("id", id));
        return list.Count == 0 ? null : list[0];
    }

    public IReadOnlyList<StudyRecord> List() =>
        Query($"SELECT {Columns} FROM {T} WHERE status <> 'receiving' ORDER BY created_at DESC, id");

    public IReadOnlyList<StudyRecord> ListUnfinished() =>
        Query($"SELECT {Columns} FROM {T} WHERE status IN ('receiving', 'queued', 'processing') ORDER BY created_at, id");

    public void MarkQueued(string id, string name, long inputBytes, int fileCount) =>
        Execute($"UPDATE {T} SET status = 'queued', name = @name, input_bytes = @bytes, file_count = @files, stage = 'queued' WHERE id = @id",
            ("id", id), ("name", name), ("bytes", inputBytes), ("files", fileCount));

    public void SetJob(string id, string jobId) => Execute($"UPDATE {T} SET job_id = @job WHERE id = @id", ("id", id), ("job", jobId));

    public bool TryClaim(string id, string worker, TimeSpan lease) =>
        // One statement: PostgreSQL re-checks the WHERE clause on the row it locked, so of two racing workers only one wins.
        Execute($"""
            UPDATE {T} SET status = 'processing', worker = @w, lease_until = now() + make_interval(secs => @lease), runs = runs + 1, attempts = attempts + 1,
              started_at = now(), stage = 'starting', progress = 0
            WHERE id = @id AND status IN ('queued', 'processing')
              AND (worker IS NULL OR worker = @w OR lease_until IS NULL OR lease_until < now())
            """, ("id", id), ("w", worker), ("lease", lease.TotalSeconds)) == 1;

    public bool RenewClaim(string id, string worker, TimeSpan lease) =>
        Execute($"UPDATE {T} SET lease_until = now() + make_interval(secs => @lease) WHERE id = @id AND worker = @w AND status = 'processing'",
            ("id", id), ("w", worker), ("lease", lease.TotalSeconds)) == 1;

    public void Release(string id, string worker) =>
        // A run given back on a graceful stop was not a failed attempt.
        Execute($"UPDATE {T} SET status = 'queued', worker = NULL, lease_until = NULL, stage = 'queued', progress = 0, attempts = greatest(attempts - 1, 0) WHERE id = @id AND worker = @w AND status = 'processing'",
            ("id", id), ("w", worker));

    public IReadOnlyList<string> RequeueLapsed() =>
        _db.Query($"""
            UPDATE {T} SET status = 'queued', worker = NULL, lease_until = NULL, stage = 'queued', progress = 0
            WHERE status = 'processing' AND lease_until < now() RETURNING id
            """, r => r.GetString(0));

    public void UpdateProgress(string id, string stage, double percent) =>
        Execute($"UPDATE {T} SET stage = @stage, progress = @p WHERE id = @id AND status = 'processing'",
            ("id", id), ("stage", stage), ("p", Math.Clamp(percent, 0, 100)));

    public bool Complete(string id, string? worker, string status, string? verdict, double? probability, string? errorCode, string? errorMessage, string resultJson) =>
        // The guard that makes completion exactly-once: only the current claim holder (or, with no worker, whoever finds the
        // study unfinished) may write the result; a worker whose lease lapsed and was taken over writes nothing.
        Execute($"""
            UPDATE {T} SET status = @status, verdict = @verdict, probability = @p, error_code = @code, error_message = @msg,
              result_json = @json, finished_at = now(), stage = 'finished', progress = 100, completed_by = coalesce(@w, worker),
              worker = NULL, lease_until = NULL
            WHERE id = @id AND status IN ('queued', 'processing') AND (@w::text IS NULL OR (worker = @w AND status = 'processing'))
            """, ("id", id), ("w", worker), ("status", status), ("verdict", verdict), ("p", probability), ("code", errorCode),
            ("msg", errorMessage), ("json", resultJson)) == 1;

    public bool Delete(string id) => Execute($"DELETE FROM {T} WHERE id = @id", ("id", id)) == 1;

    private int Execute(string sql, params (string Name, object? Value)[] args) => _db.Execute(sql, args);

    private List<StudyRecord> Query(string sql, params (string Name, object? Value)[] args) => _db.Query(sql, Read, args);

    private static StudyRecord Read(NpgsqlDataReader r) => StudyRows.Read(r, PostgresCommands.Time);
}
