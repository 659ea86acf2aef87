using ChestScreener.Server.Api;
using ChestScreener.Server.Options;
using ChestScreener.Server.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ChestScreener.Server.Storage.Postgres;

namespace ChestScreener.Server.ScaleOut;

/// <summary>Wiring of the scale-out mode: the PostgreSQL store, the lease sweeper, and what a worker-only process serves.</summary>
public static class ScaleOutServices
{
    public static IServiceCollection AddScaleOut(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ScaleOutOptions>().Bind(configuration.GetSection(ServerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScaleOutOptions>, ScaleOutOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobStoreFactory, PostgresJobStoreFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Auth.IAuthStoreFactory, PostgresAuthStoreFactory>());
        if (ServerRole.ProcessesJobs(configuration)) services.AddHostedService<LeaseSweeper>();
        // A worker opens a port only when asked to (--urls, e.g. for a container health check).
        if (ServerRole.Of(configuration) == ServerRole.Worker && string.IsNullOrWhiteSpace(configuration["urls"]))
            services.AddSingleton<IServer, NoListenerServer>();
        return services;
    }

    /// <summary>For a worker: maps only GET /api/v1/health and returns true; for the other roles does nothing and returns false.</summary>
    public static bool MapWorkerOnly(WebApplication app)
    {
        if (ServerRole.Of(app.Configuration) != ServerRole.Worker) return false;
        app.MapGet("/api/v1/health", (IStudyStore store, IOptions<ServerOptions> options, Health.ServiceHealth health) =>
            TypedResults.Ok(Api.HealthReport.Build(store, options.Value, health, viewer: false)));
        return true;
    }
}
