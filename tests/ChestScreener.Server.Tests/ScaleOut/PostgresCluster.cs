using System.Diagnostics;
using ChestScreener.Tests;
using Npgsql;

namespace ChestScreener.Server.Tests.ScaleOut;

/// <summary>
/// A throwaway PostgreSQL cluster on loopback for the tests of one collection (scripts/pg-local.sh: initdb in a temp folder,
/// started as the postgres user when the tests run as root); every test takes a fresh database; stopped and deleted on dispose.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string _dir = Path.Combine("/tmp", "chestscreener-pg-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _script = Path.Combine(TestData.RepoRoot, "scripts", "pg-local.sh");

    public PostgresCluster()
    {
        if (!Available) return;
        var (rc, output) = Run("start", _dir);
        if (rc != 0)
        {
            Run("stop", _dir);
            throw new InvalidOperationException($"pg-local.sh start failed ({rc}): {output}");
        }
        AdminConnection = output.Trim().Split('\n')[^1].Trim();
    }

    /// <summary>Whether PostgreSQL's server programs are installed (scripts/setup.sh --test installs them).</summary>
    public static bool Available => Directory.Exists("/usr/lib/postgresql") &&
        Directory.GetDirectories("/usr/lib/postgresql").Any(d => File.Exists(Path.Combine(d, "bin", "initdb")));

    public string? AdminConnection { get; }

    /// <summary>A new empty database; returns its connection string. Skips the test when PostgreSQL is not installed.</summary>
    public string NewDatabase()
    {
        Skip.If(AdminConnection is null, "PostgreSQL 15 server binaries are not installed (scripts/setup.sh --test installs them)");
        var name = "t_" + Guid.NewGuid().ToString("N")[..12];
        using (var c = new NpgsqlConnection(AdminConnection))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            cmd.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnection) { Database = name, Pooling = true }.ConnectionString;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (AdminConnection is not null || Directory.Exists(_dir)) Run("stop", _dir);
    }

    private (int Rc, string Output) Run(string verb, string dir)
    {
        var psi = new ProcessStartInfo("bash", [_script, verb, dir]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(90))) p.Kill(entireProcessTree: true);
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
