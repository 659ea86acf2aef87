using ChestScreener.Server.Audit;
using ChestScreener.Server.Options;
using ChestScreener.Server.Storage;
using ChestScreener.Server.Auth;

namespace ChestScreener.Server.Storage.Sqlite;

/// <summary>Users, keys, sessions and the audit log in the data folder's studies.db, beside the studies.</summary>
public sealed class SqliteAuthStoreFactory : IAuthStoreFactory
{
    public string Name => "sqlite";

    public IAuthStore CreateAuthStore(ServerOptions options) => new SqliteAuthStore(DatabasePath(options));

    public IAuditLog CreateAuditLog(ServerOptions options) => new SqliteAuditLog(DatabasePath(options));

    private static string DatabasePath(ServerOptions options)
    {
        Directory.CreateDirectory(options.DataDir);
        return Path.Combine(Path.GetFullPath(options.DataDir), "studies.db");
    }
}
