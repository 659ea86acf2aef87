using Npgsql;
using ChestScreener.Server.Storage;
using ChestScreener.Server.ScaleOut;

namespace ChestScreener.Server.Storage.Postgres;

/// <summary>Turns the --db value (a postgres:// URL or an Npgsql keyword string) into an Npgsql connection string.</summary>
public static class PostgresConnection
{
    public static bool IsPostgres(string? value) =>
        value is not null && (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) ||
                              value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ||
                              value.Contains("Host=", StringComparison.OrdinalIgnoreCase));

    public static string ToNpgsql(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
            return new NpgsqlConnectionStringBuilder(value).ConnectionString;
        var b = new NpgsqlConnectionStringBuilder { Host = Uri.UnescapeDataString(uri.Host) };
        if (uri.Port > 0) b.Port = uri.Port;
        var db = uri.AbsolutePath.Trim('/');
        if (db.Length > 0) b.Database = Uri.UnescapeDataString(db);
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            b.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2) b.Password = Uri.UnescapeDataString(parts[1]);
        }
        // Query parameters are Npgsql keywords (sslmode=require, host=/run/postgresql for a socket, ...).
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            b[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
        }
        return b.ConnectionString;
    }

    /// <summary>The connection string without its password, for logs and health output.</summary>
    public static string Redacted(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(b.Password)) b.Password = "***";
        return b.ConnectionString;
    }
}
