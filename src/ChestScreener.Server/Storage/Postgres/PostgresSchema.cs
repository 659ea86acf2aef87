using Npgsql;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Storage.Postgres;

/// <summary>
/// Creates and migrates the study tables (schema "screener") on start. Every process takes the same transaction-level advisory
/// lock first, so any number of api and worker processes may start at once: one migrates, the others wait and find it done.
/// </summary>
public static class PostgresSchema
{
    public const string Name = "screener";

    /// <summary>Advisory lock key shared by every ChestScreener process on the database ("CSCR" in ASCII).</summary>
    public const long LockKey = 0x43534352;

    /// <summary>
    /// Command timeout (s) of statements that wait for <see cref="LockKey"/>: on a loaded machine another process's
    /// migration or Hangfire install can hold it past Npgsql's 30 s default.
    /// </summary>
    public const int LockWaitSeconds = 600;

    /// <summary>Migration steps in order; version n is the n-th entry. Never edit a released step: append a new one.</summary>
    private static readonly string[] Steps =
    [
        $"""
        CREATE TABLE {Name}.studies (
          id text PRIMARY KEY, name text NOT NULL, status text NOT NULL, stage text, progress double precision NOT NULL DEFAULT 0,
          created_at timestamptz NOT NULL, started_at timestamptz, finished_at timestamptz,
          input_bytes bigint NOT NULL DEFAULT 0, file_count integer NOT NULL DEFAULT 0, job_id text,
          runs integer NOT NULL DEFAULT 0, worker text, lease_until timestamptz, completed_by text,
          error_code text, error_message text, verdict text, probability double precision, result_json text);
        CREATE INDEX studies_status ON {Name}.studies (status);
        CREATE INDEX studies_created ON {Name}.studies (created_at DESC, id);
        """,
        // 2: authentication (issue 8) — study owner/site, users, API keys, sessions, and the append-only audit log.
        $"""
        ALTER TABLE {Name}.studies ADD COLUMN owner text, ADD COLUMN site text;
        CREATE TABLE {Name}.users (
          name text NOT NULL, role text NOT NULL, site text, password_hash text NOT NULL, created_at timestamptz NOT NULL,
          disabled boolean NOT NULL DEFAULT false);
        CREATE UNIQUE INDEX users_name ON {Name}.users (lower(name));
        CREATE TABLE {Name}.api_keys (
          id text PRIMARY KEY, name text NOT NULL, role text NOT NULL, site text, secret_hash text NOT NULL,
          created_at timestamptz NOT NULL, revoked_at timestamptz);
        CREATE TABLE {Name}.sessions (
          token_hash text PRIMARY KEY, user_name text NOT NULL, created_at timestamptz NOT NULL, expires_at timestamptz NOT NULL);
        CREATE INDEX sessions_user ON {Name}.sessions (lower(user_name));
        CREATE TABLE {Name}.audit (
          seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL, actor text NOT NULL, action text NOT NULL,
          target text, address text, detail text);
        CREATE INDEX audit_target ON {Name}.audit (target);
        CREATE FUNCTION {Name}.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
        CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE OR TRUNCATE ON {Name}.audit
          FOR EACH STATEMENT EXECUTE FUNCTION {Name}.audit_append_only();
        """,
        // 3: idempotent uploads — the client's Idempotency-Key, unique per owner.
        $"""
        ALTER TABLE {Name}.studies ADD COLUMN upload_key text;
        CREATE UNIQUE INDEX studies_upload_key ON {Name}.studies (coalesce(owner, ''), upload_key) WHERE upload_key IS NOT NULL;
        """,
        // 4: the cap on runs per study — starts that ended without a result (a graceful give-back does not count).
        $"""
        ALTER TABLE {Name}.studies ADD COLUMN attempts integer NOT NULL DEFAULT 0;
        """,
    ];

    public static int LatestVersion => Steps.Length;

    /// <summary>Brings the schema to <see cref="LatestVersion"/>; returns the version found before.</summary>
    public static int Migrate(NpgsqlDataSource db)
    {
        using var c = db.OpenConnection();
        using var tx = c.BeginTransaction();
        Exec(c, tx, $"SELECT pg_advisory_xact_lock({LockKey})");
        Exec(c, tx, $"CREATE SCHEMA IF NOT EXISTS {Name}");
        Exec(c, tx, $"CREATE TABLE IF NOT EXISTS {Name}.schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        int before;
        using (var cmd = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {Name}.schema_version", c, tx))
            before = Convert.ToInt32(cmd.ExecuteScalar());
        if (before > Steps.Length)
            throw new InvalidOperationException($"the database schema is version {before}, newer than this program's {Steps.Length}: upgrade the program");
        for (var v = before + 1; v <= Steps.Length; v++)
        {
            Exec(c, tx, Steps[v - 1]);
            Exec(c, tx, $"INSERT INTO {Name}.schema_version (version) VALUES ({v})");
        }
        tx.Commit();
        return before;
    }

    private static void Exec(NpgsqlConnection c, NpgsqlTransaction tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c, tx) { CommandTimeout = LockWaitSeconds };
        cmd.ExecuteNonQuery();
    }
}
