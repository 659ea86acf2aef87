using ChestScreener.Server.Audit;
using Npgsql;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Storage.Postgres;

/// <summary>The audit log in PostgreSQL (screener.audit); a statement trigger refuses UPDATE, DELETE and TRUNCATE, so rows can only be added.</summary>
public sealed class PostgresAuditLog : IAuditLog, IDisposable
{
    private const string A = PostgresSchema.Name + ".audit";

    private readonly NpgsqlDataSource _source;
    private readonly PostgresCommands _db;

    public PostgresAuditLog(string connectionString)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        PostgresSchema.Migrate(_source);
        _db = new PostgresCommands(_source);
    }

    public void Dispose() => _source.Dispose();

    public void Append(AuditEntry e) =>
        _db.Execute($"INSERT INTO {A} (at, actor, action, target, address, detail) VALUES (@at, @actor, @action, @target, @address, @detail)",
            ("at", e.AtUtc.UtcDateTime), ("actor", e.Actor), ("action", e.Action), ("target", e.Target), ("address", e.Address), ("detail", e.Detail));

    public IReadOnlyList<AuditEntry> Read(string? target = null, long afterSeq = 0, int limit = 1000) =>
        _db.Query($"""
            SELECT seq, at, actor, action, target, address, detail FROM {A}
            WHERE seq > @after AND (@target::text IS NULL OR target = @target) ORDER BY seq LIMIT @limit
            """, r => new AuditEntry
        {
            Seq = r.GetInt64(0),
            AtUtc = PostgresCommands.Time(r, 1),
            Actor = r.GetString(2),
            Action = r.GetString(3),
            Target = PostgresCommands.Text(r, 4),
            Address = PostgresCommands.Text(r, 5),
            Detail = PostgresCommands.Text(r, 6),
        }, ("after", afterSeq), ("target", target), ("limit", Math.Clamp(limit, 1, 100_000)));
}
