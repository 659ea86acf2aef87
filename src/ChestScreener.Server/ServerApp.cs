using System.Text.Json;
using System.Text.Json.Serialization;
using ChestScreener.Server.Api;
using ChestScreener.Server.Auth;
using ChestScreener.Server.Jobs;
using ChestScreener.Server.Options;
using ChestScreener.Server.Processing;
using ChestScreener.Server.ScaleOut;
using ChestScreener.Server.Storage;
using ChestScreener.Server.Uploads;
using ChestScreener.Server.Viewer;
using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using ChestScreener.Server.Storage.Sqlite;

namespace ChestScreener.Server;

/// <summary>Builds the web service: options, stores, job engine, API, OpenAPI + docs, and the viewer.</summary>
public static class ServerApp
{
    /// <param name="addServices">More services of the host, e.g. a test or demo processor (Server.Testing's AddFakeProcessor).</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? addServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        AddServices(builder.Services, builder.Configuration);
        addServices?.Invoke(builder.Services);
        builder.Logging.AddFilter("Hangfire", LogLevel.Warning);
        var app = builder.Build();
        MapAll(app);
        return app;
    }

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        // Patient images, results and credential hashes: whatever this process writes is its user's only (0600/0700).
        Files.PrivateFiles.ForThisProcess();
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IJobStoreFactory, SqliteJobStoreFactory>());
        services.AddScaleOut(configuration);

        // Storage is chosen by name behind IJobStoreFactory, so a server database plugs in without touching the jobs or the API.
        services.AddSingleton(sp => StoreFactory(sp).CreateStudyStore(Options(sp)));
        services.AddSingleton<JobStorage>(sp => StoreFactory(sp).CreateJobStorage(Options(sp)));
        services.AddSingleton(sp => new StudyFolders(Options(sp).DataDir));
        services.AddSingleton<ServerTempFolder>();
        services.AddHostedService(sp => sp.GetRequiredService<ServerTempFolder>());
        // The processor is chosen by name like the store; a test or demo host registers more (Server.Testing: "fake").
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStudyProcessorFactory, PipelineProcessorFactory>());
        services.AddSingleton(sp => sp.GetServices<IStudyProcessorFactory>().First(f => f.Name == Options(sp).Processor).Create(sp));
        services.AddSingleton<MemoryGate>();
        services.AddSingleton<UploadFiles>();
        services.AddSingleton<StudyCostEstimator>();
        services.AddSingleton<StudyCancellations>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Health.ServiceHealth>();
        services.AddSingleton<UploadReceiver>();
        services.AddSingleton<ViewerFiles>();
        services.AddTransient<StudyQueue>();
        services.AddTransient<StudyJob>();

        // Hangfire's default activator is process-wide (the last host's container); a per-host one keeps jobs on their own host.
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .UseLogProvider(new Jobs.HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (ServerRole.ProcessesJobs(configuration)) services.AddHangfireServer((sp, o) =>
        {
            var opts = Options(sp);
            o.WorkerCount = opts.WorkerCount;
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            o.ShutdownTimeout = TimeSpan.FromSeconds(10);
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        if (ServerRole.ServesApi(configuration)) services.AddHostedService<StudyRecovery>();
        if (ServerRole.ProcessesJobs(configuration)) services.AddHostedService<PipelineWarmUp>();

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });
        services.AddProblemDetails();
        services.AddScreenerAuth(configuration);
        Pacs.PacsServices.AddPacs(services, configuration);
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info.Title = "ChestScreener API";
                doc.Info.Description = "Upload chest CT studies, follow their analysis, download results. Errors are application/problem+json with a `code`.";
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer(Api.WireSchemas.Transform);
        });
    }

    public static void MapAll(WebApplication app)
    {
        // First: scheme and client address from a trusted proxy (Auth/TrustedProxies) for everything after it.
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (ScaleOutServices.MapWorkerOnly(app)) return;
        app.UseSecurityHeaders();
        app.Services.GetRequiredService<ViewerFiles>().Map(app);
        app.MapOpenApi();
        app.MapScalarApiReference(o => o.WithTitle("ChestScreener API"));
        app.UseScreenerAuth();
        app.MapStudyApi();
        app.MapAuthApi();
        Pacs.PacsServices.MapPacs(app);
    }

    private static ServerOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<ServerOptions>>().Value;

    private static IJobStoreFactory StoreFactory(IServiceProvider sp)
    {
        var name = Options(sp).Store;
        return sp.GetServices<IJobStoreFactory>().FirstOrDefault(f => f.Name == name)
            ?? throw new InvalidOperationException($"no job store named '{name}'");
    }
}
