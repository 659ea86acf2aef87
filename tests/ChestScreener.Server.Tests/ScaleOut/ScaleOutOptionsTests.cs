using ChestScreener.Server.ScaleOut;
using Microsoft.Extensions.Configuration;

namespace ChestScreener.Server.Tests.ScaleOut;

public sealed class ScaleOutOptionsTests
{
    private static (bool Ok, string? Why) Check(string role, string? store, string? db)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Screener:Role"] = role, ["Screener:Store"] = store, ["Screener:Database"] = db,
        }).Build();
        var result = new ScaleOutOptionsValidator(config).Validate(null, new ScaleOutOptions { Role = role, Database = db });
        return (result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Split_roles_need_a_shared_database_and_postgres_needs_a_connection()
    {
        Assert.True(Check("all", null, null).Ok);
        Assert.True(Check("all", "sqlite", null).Ok);
        Assert.True(Check("worker", "postgres", "postgres://u:p@db/screener").Ok);
        Assert.True(Check("api", "postgres", "Host=db;Database=screener").Ok);
        Assert.Contains("needs a shared database", Check("api", "sqlite", null).Why);
        Assert.Contains("needs a shared database", Check("worker", null, null).Why);
        Assert.Contains("no connection", Check("all", "postgres", "").Why);
        Assert.Contains("postgres:// URL", Check("worker", "postgres", "data/studies.db").Why);
    }

    [Fact]
    public void Roles_decide_what_a_process_runs()
    {
        static IConfiguration Role(string? r) => new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Screener:Role"] = r }).Build();
        Assert.Equal((true, true), (ServerRole.ProcessesJobs(Role(null)), ServerRole.ServesApi(Role(null))));
        Assert.Equal((true, true), (ServerRole.ProcessesJobs(Role("ALL")), ServerRole.ServesApi(Role("all"))));
        Assert.Equal((false, true), (ServerRole.ProcessesJobs(Role("api")), ServerRole.ServesApi(Role("api"))));
        Assert.Equal((true, false), (ServerRole.ProcessesJobs(Role(" worker ")), ServerRole.ServesApi(Role("worker"))));
    }
}
