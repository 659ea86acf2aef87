namespace ChestScreener.Server.Pacs;

/// <summary>Registers and maps the PACS integration: STOW-RS receive (on API processes) and the Orthanc bridge (when configured).</summary>
public static class PacsServices
{
    public static void AddPacs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PacsOptions>().Bind(configuration.GetSection(PacsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PacsIntake>();
        services.AddSingleton<StowStaging>();
        services.AddSingleton<DicomWebCatalog>();
        services.AddSingleton<ResultOutbox>();
        if (!ScaleOut.ServerRole.ServesApi(configuration)) return;
        services.AddHostedService<StowCompleter>();
        services.AddHostedService<ResultSender>(); // idle unless a destination for STOW-RS results is configured
        // One bridge per deployment: it runs in API processes; with several API processes, set OrthancUrl on one only.
        if (!string.IsNullOrWhiteSpace(configuration[$"{PacsOptions.Section}:{nameof(PacsOptions.OrthancUrl)}"]))
            services.AddHostedService<OrthancBridge>();
    }

    public static void MapPacs(this WebApplication app)
    {
        if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PacsOptions>>().Value.StowEnabled) StowEndpoints.MapStow(app);
        DicomWebEndpoints.MapDicomWebRead(app);
    }
}
