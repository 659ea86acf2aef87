using ChestScreener.Server.Auth;
using Npgsql;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Storage.Postgres;

/// <summary>Users, API keys and sessions in PostgreSQL (schema "screener"), so every api process of a deployment sees the same ones.</summary>
public sealed class PostgresAuthStore : IAuthStore, IDisposable
{
    private const string S = PostgresSchema.Name;
    private const string UserColumns = "name, role, site, password_hash, created_at, disabled";
    private const string KeyColumns = "id, name, role, site, secret_hash, created_at, revoked_at";

    private readonly NpgsqlDataSource _source;
    private readonly PostgresCommands _db;

    public PostgresAuthStore(string connectionString)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        PostgresSchema.Migrate(_source);
        _db = new PostgresCommands(_source);
    }

    public void Dispose() => _source.Dispose();

    public bool AddUser(UserRecord u)
    {
        try
        {
            return _db.Execute($"INSERT INTO {S}.users ({UserColumns}) VALUES (@name, @role, @site, @hash, @created, @disabled)",
                ("name", u.Name), ("role", u.Role), ("site", u.Site), ("hash", u.PasswordHash), ("created", u.CreatedUtc.UtcDateTime),
                ("disabled", u.Disabled)) == 1;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return false;
        }
    }

    public UserRecord? FindUser(string name) =>
        _db.Query($"SELECT {UserColumns} FROM {S}.users WHERE lower(name) = lower(@name)", ReadUser, ("name", name)).FirstOrDefault();

    public IReadOnlyList<UserRecord> ListUsers() => _db.Query($"SELECT {UserColumns} FROM {S}.users ORDER BY lower(name)", ReadUser);

    public bool UpdateUser(UserRecord u)
    {
        var changed = _db.Execute($"UPDATE {S}.users SET role = @role, site = @site, password_hash = @hash, disabled = @disabled WHERE lower(name) = lower(@name)",
            ("name", u.Name), ("role", u.Role), ("site", u.Site), ("hash", u.PasswordHash), ("disabled", u.Disabled)) == 1;
        // A disabled user is logged out everywhere at once, not when the cookie expires.
        if (changed && u.Disabled) _db.Execute($"DELETE FROM {S}.sessions WHERE lower(user_name) = lower(@name)", ("name", u.Name));
        return changed;
    }

    public void AddKey(ApiKeyRecord k) =>
        _db.Execute($"INSERT INTO {S}.api_keys ({KeyColumns}) VALUES (@id, @name, @role, @site, @hash, @created, @revoked)",
            ("id", k.Id), ("name", k.Name), ("role", k.Role), ("site", k.Site), ("hash", k.SecretHash),
            ("created", k.CreatedUtc.UtcDateTime), ("revoked", k.RevokedUtc?.UtcDateTime));

    public ApiKeyRecord? FindKey(string id) =>
        _db.Query($"SELECT {KeyColumns} FROM {S}.api_keys WHERE id = @id", ReadKey, ("id", id)).FirstOrDefault();

    public IReadOnlyList<ApiKeyRecord> ListKeys() => _db.Query($"SELECT {KeyColumns} FROM {S}.api_keys ORDER BY created_at, id", ReadKey);

    public bool RevokeKey(string id, DateTimeOffset when) =>
        _db.Execute($"UPDATE {S}.api_keys SET revoked_at = @when WHERE id = @id AND revoked_at IS NULL", ("id", id), ("when", when.UtcDateTime)) == 1;

    public void AddSession(SessionRecord s)
    {
        _db.Execute($"DELETE FROM {S}.sessions WHERE expires_at < now()");
        _db.Execute($"INSERT INTO {S}.sessions (token_hash, user_name, created_at, expires_at) VALUES (@hash, @user, @created, @expires)",
            ("hash", s.TokenHash), ("user", s.UserName), ("created", s.CreatedUtc.UtcDateTime), ("expires", s.ExpiresUtc.UtcDateTime));
    }

    public SessionRecord? FindSession(string tokenHash) =>
        _db.Query($"SELECT token_hash, user_name, created_at, expires_at FROM {S}.sessions WHERE token_hash = @hash", r => new SessionRecord
        {
            TokenHash = r.GetString(0),
            UserName = r.GetString(1),
            CreatedUtc = PostgresCommands.Time(r, 2),
            ExpiresUtc = PostgresCommands.Time(r, 3),
        }, ("hash", tokenHash)).FirstOrDefault();

    public void DeleteSession(string tokenHash) => _db.Execute($"DELETE FROM {S}.sessions WHERE token_hash = @hash", ("hash", tokenHash));

    private static UserRecord ReadUser(NpgsqlDataReader r) => new()
    {
        Name = r.GetString(0),
        Role = r.GetString(1),
        Site = PostgresCommands.Text(r, 2),
        PasswordHash = r.GetString(3),
        CreatedUtc = PostgresCommands.Time(r, 4),
        Disabled = r.GetBoolean(5),
    };

    private static ApiKeyRecord ReadKey(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        Name = r.GetString(1),
        Role = r.GetString(2),
        Site = PostgresCommands.Text(r, 3),
        SecretHash = r.GetString(4),
        CreatedUtc = PostgresCommands.Time(r, 5),
        RevokedUtc = PostgresCommands.TimeOrNull(r, 6),
    };
}
