using ChestScreener.Server.Options;
using ChestScreener.Server.Storage;
using Microsoft.Extensions.Options;
using ChestScreener.Server.Storage.Postgres;

namespace ChestScreener.Server.ScaleOut;

/// <summary>Refuses a split role on the embedded store (its files cannot be shared between machines) and a postgres store without a connection.</summary>
public sealed class ScaleOutOptionsValidator(IConfiguration configuration) : IValidateOptions<ScaleOutOptions>
{
    public ValidateOptionsResult Validate(string? name, ScaleOutOptions options)
    {
        // Read from configuration, not IOptions<ServerOptions>: its validator needs the store factories, which need these options.
        var store = configuration[$"{ServerOptions.Section}:{nameof(ServerOptions.Store)}"] ?? new ServerOptions().Store;
        if (options.Role != ServerRole.All && store != PostgresJobStoreFactory.StoreName)
            return ValidateOptionsResult.Fail($"--role {options.Role} needs a shared database: add --db postgres://user:password@host/database (store is '{store}')");
        if (store == PostgresJobStoreFactory.StoreName && string.IsNullOrWhiteSpace(options.Database))
            return ValidateOptionsResult.Fail("Screener:Store is postgres but no connection was given (--db or Screener:Database)");
        if (store == PostgresJobStoreFactory.StoreName && !PostgresConnection.IsPostgres(options.Database))
            return ValidateOptionsResult.Fail("--db must be a postgres:// URL or an Npgsql connection string (Host=...;Database=...)");
        return ValidateOptionsResult.Success;
    }
}
