namespace ChestScreener.Server.ScaleOut;

/// <summary>The roles one `screener serve` process can play; read from configuration before the container is built.</summary>
public static class ServerRole
{
    public const string All = "all";
    public const string Api = "api";
    public const string Worker = "worker";

    public static string Of(IConfiguration configuration) =>
        (configuration[$"{Options.ServerOptions.Section}:{nameof(ScaleOutOptions.Role)}"] ?? All).Trim().ToLowerInvariant() is { Length: > 0 } r ? r : All;

    /// <summary>Whether the process runs a job server (takes studies off the queue).</summary>
    public static bool ProcessesJobs(IConfiguration configuration) => Of(configuration) is All or Worker;

    /// <summary>Whether the process serves the REST API and the viewer.</summary>
    public static bool ServesApi(IConfiguration configuration) => Of(configuration) is All or Api;
}
