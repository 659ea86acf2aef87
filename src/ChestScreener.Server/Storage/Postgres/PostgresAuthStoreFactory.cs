using ChestScreener.Server.Audit;
using ChestScreener.Server.Auth;
using ChestScreener.Server.Options;
using ChestScreener.Server.ScaleOut;
using Microsoft.Extensions.Options;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Storage.Postgres;

/// <summary>Users, keys, sessions and the audit log in the deployment's PostgreSQL, beside the studies (store "postgres").</summary>
public sealed class PostgresAuthStoreFactory(IOptions<ScaleOutOptions> scaleOut) : IAuthStoreFactory
{
    public string Name => PostgresJobStoreFactory.StoreName;

    public IAuthStore CreateAuthStore(ServerOptions options) => new PostgresAuthStore(PostgresJobStoreFactory.ConnectionString(scaleOut.Value));

    public IAuditLog CreateAuditLog(ServerOptions options) => new PostgresAuditLog(PostgresJobStoreFactory.ConnectionString(scaleOut.Value));
}
