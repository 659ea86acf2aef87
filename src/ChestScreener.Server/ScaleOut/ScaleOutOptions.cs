using System.ComponentModel.DataAnnotations;

namespace ChestScreener.Server.ScaleOut;

/// <summary>How this process takes part in a deployment (configuration section "Screener", beside <see cref="Options.ServerOptions"/>).</summary>
public sealed class ScaleOutOptions
{
    /// <summary>"all" (API and job processing, the single-machine default), "api" (HTTP + enqueue only) or "worker" (jobs only).</summary>
    [Required, RegularExpression("^(all|api|worker)$")]
    public string Role { get; set; } = ServerRole.All;

    /// <summary>PostgreSQL connection (postgres://user:pass@host:port/db or Npgsql's "Host=...;Database=..."); used when Store is "postgres".</summary>
    public string? Database { get; set; }

    /// <summary>How often a process looks for studies whose worker stopped renewing its claim (a crashed or cut-off worker).</summary>
    [Range(0.5, 3600)]
    public double SweepSeconds { get; set; } = 15;
}
