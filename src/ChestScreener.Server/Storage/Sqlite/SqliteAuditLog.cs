using ChestScreener.Server.Storage;
using ChestScreener.Server.Audit;

namespace ChestScreener.Server.Storage.Sqlite;

/// <summary>The audit log as table audit in studies.db; triggers refuse UPDATE and DELETE, so rows can only be added.</summary>
public sealed class SqliteAuditLog : IAuditLog
{
    private readonly SqliteCommands _db;

    public SqliteAuditLog(string databasePath)
    {
        _db = new SqliteCommands(databasePath);
        _db.Execute("PRAGMA journal_mode=WAL;");
        _db.Execute("""
            CREATE TABLE IF NOT EXISTS audit (
              seq INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
              target TEXT, address TEXT, detail TEXT);
            CREATE INDEX IF NOT EXISTS audit_target ON audit(target);
            CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """);
    }

    public void Append(AuditEntry e) =>
        _db.Execute("INSERT INTO audit (at_ms, actor, action, target, address, detail) VALUES ($at, $actor, $action, $target, $address, $detail)",
            ("$at", e.AtUtc.ToUnixTimeMilliseconds()), ("$actor", e.Actor), ("$action", e.Action), ("$target", e.Target),
            ("$address", e.Address), ("$detail", e.Detail));

    public IReadOnlyList<AuditEntry> Read(string? target = null, long afterSeq = 0, int limit = 1000) =>
        _db.Query("""
            SELECT seq, at_ms, actor, action, target, address, detail FROM audit
            WHERE seq > $after AND ($target IS NULL OR target = $target) ORDER BY seq LIMIT $limit
            """, r => new AuditEntry
        {
            Seq = r.GetInt64(0),
            AtUtc = SqliteCommands.Time(r.GetInt64(1)),
            Actor = r.GetString(2),
            Action = r.GetString(3),
            Target = SqliteCommands.Text(r, 4),
            Address = SqliteCommands.Text(r, 5),
            Detail = SqliteCommands.Text(r, 6),
        }, ("$after", afterSeq), ("$target", target), ("$limit", Math.Clamp(limit, 1, 100_000)));
}
