using ChestScreener.Server.Storage;
using Microsoft.Data.Sqlite;
using ChestScreener.Server.Auth;

namespace ChestScreener.Server.Storage.Sqlite;

/// <summary>The embedded <see cref="IAuthStore"/>: tables users, api_keys and sessions in the data folder's studies.db.</summary>
public sealed class SqliteAuthStore : IAuthStore
{
    private const string UserColumns = "name, role, site, password_hash, created_ms, disabled";
    private const string KeyColumns = "id, name, role, site, secret_hash, created_ms, revoked_ms";

    private readonly SqliteCommands _db;
    private readonly TimeProvider _clock;

    public SqliteAuthStore(string databasePath, TimeProvider? clock = null)
    {
        _db = new SqliteCommands(databasePath);
        _clock = clock ?? TimeProvider.System;
        _db.Execute("PRAGMA journal_mode=WAL;");
        _db.Execute("""
            CREATE TABLE IF NOT EXISTS users (
              name TEXT PRIMARY KEY COLLATE NOCASE, role TEXT NOT NULL, site TEXT, password_hash TEXT NOT NULL,
              created_ms INTEGER NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS api_keys (
              id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, site TEXT, secret_hash TEXT NOT NULL,
              created_ms INTEGER NOT NULL, revoked_ms INTEGER);
            CREATE TABLE IF NOT EXISTS sessions (
              token_hash TEXT PRIMARY KEY, user_name TEXT NOT NULL COLLATE NOCASE, created_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user_name);
            """);
    }

    public bool AddUser(UserRecord u)
    {
        try
        {
            return _db.Execute($"INSERT INTO users ({UserColumns}) VALUES ($name, $role, $site, $hash, $created, $disabled)",
                ("$name", u.Name), ("$role", u.Role), ("$site", u.Site), ("$hash", u.PasswordHash),
                ("$created", u.CreatedUtc.ToUnixTimeMilliseconds()), ("$disabled", u.Disabled ? 1 : 0)) == 1;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: the name is taken
        {
            return false;
        }
    }

    public UserRecord? FindUser(string name) =>
        _db.Query($"SELECT {UserColumns} FROM users WHERE name = $name", ReadUser, ("$name", name)).FirstOrDefault();

    public IReadOnlyList<UserRecord> ListUsers() => _db.Query($"SELECT {UserColumns} FROM users ORDER BY name", ReadUser);

    public bool UpdateUser(UserRecord u)
    {
        var changed = _db.Execute("UPDATE users SET role = $role, site = $site, password_hash = $hash, disabled = $disabled WHERE name = $name",
            ("$name", u.Name), ("$role", u.Role), ("$site", u.Site), ("$hash", u.PasswordHash), ("$disabled", u.Disabled ? 1 : 0)) == 1;
        // A disabled user is logged out everywhere at once, not when the cookie expires.
        if (changed && u.Disabled) _db.Execute("DELETE FROM sessions WHERE user_name = $name", ("$name", u.Name));
        return changed;
    }

    public void AddKey(ApiKeyRecord k) =>
        _db.Execute($"INSERT INTO api_keys ({KeyColumns}) VALUES ($id, $name, $role, $site, $hash, $created, $revoked)",
            ("$id", k.Id), ("$name", k.Name), ("$role", k.Role), ("$site", k.Site), ("$hash", k.SecretHash),
            ("$created", k.CreatedUtc.ToUnixTimeMilliseconds()), ("$revoked", k.RevokedUtc?.ToUnixTimeMilliseconds()));

    public ApiKeyRecord? FindKey(string id) =>
        _db.Query($"SELECT {KeyColumns} FROM api_keys WHERE id = $id", ReadKey, ("$id", id)).FirstOrDefault();

    public IReadOnlyList<ApiKeyRecord> ListKeys() => _db.Query($"SELECT {KeyColumns} FROM api_keys ORDER BY created_ms, id", ReadKey);

    public bool RevokeKey(string id, DateTimeOffset when) =>
        _db.Execute("UPDATE api_keys SET revoked_ms = $when WHERE id = $id AND revoked_ms IS NULL",
            ("$id", id), ("$when", when.ToUnixTimeMilliseconds())) == 1;

    public void AddSession(SessionRecord s)
    {
        _db.Execute("DELETE FROM sessions WHERE expires_ms < $now", ("$now", _clock.GetUtcNow().ToUnixTimeMilliseconds()));
        _db.Execute("INSERT INTO sessions (token_hash, user_name, created_ms, expires_ms) VALUES ($hash, $user, $created, $expires)",
            ("$hash", s.TokenHash), ("$user", s.UserName), ("$created", s.CreatedUtc.ToUnixTimeMilliseconds()),
            ("$expires", s.ExpiresUtc.ToUnixTimeMilliseconds()));
    }

    public SessionRecord? FindSession(string tokenHash) =>
        _db.Query("SELECT token_hash, user_name, created_ms, expires_ms FROM sessions WHERE token_hash = $hash", r => new SessionRecord
        {
            TokenHash = r.GetString(0),
            UserName = r.GetString(1),
            CreatedUtc = SqliteCommands.Time(r.GetInt64(2)),
            ExpiresUtc = SqliteCommands.Time(r.GetInt64(3)),
        }, ("$hash", tokenHash)).FirstOrDefault();

    public void DeleteSession(string tokenHash) => _db.Execute("DELETE FROM sessions WHERE token_hash = $hash", ("$hash", tokenHash));

    private static UserRecord ReadUser(SqliteDataReader r) => new()
    {
        Name = r.GetString(0),
        Role = r.GetString(1),
        Site = SqliteCommands.Text(r, 2),
        PasswordHash = r.GetString(3),
        CreatedUtc = SqliteCommands.Time(r.GetInt64(4)),
        Disabled = r.GetInt64(5) != 0,
    };

    private static ApiKeyRecord ReadKey(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Name = r.GetString(1),
        Role = r.GetString(2),
        Site = SqliteCommands.Text(r, 3),
        SecretHash = r.GetString(4),
        CreatedUtc = SqliteCommands.Time(r.GetInt64(5)),
        RevokedUtc = r.IsDBNull(6) ? null : SqliteCommands.Time(r.GetInt64(6)),
    };
}
