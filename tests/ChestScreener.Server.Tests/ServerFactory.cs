using ChestScreener.Server.Auth;
using ChestScreener.Server.Processing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using ChestScreener.Server.Storage;
using Microsoft.Extensions.DependencyInjection;
using ChestScreener.Server.Storage.Sqlite;
using ChestScreener.Server.Testing;
using ChestScreener.Server.Tests.Auth;

namespace ChestScreener.Server.Tests;

/// <summary>The service in-process on a given data folder, with a test processor (and other test services) and fast job polling; its clients send an admin API key (auth is on, as in production).</summary>
public sealed class ServerFactory(string dataDir, IStudyProcessor? processor = null, IDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Screener:DataDir", dataDir);
        builder.UseSetting("Screener:QueuePollSeconds", "0.2");
        builder.UseSetting("Screener:Processor", FakeProcessorFactory.ProcessorName);
        builder.ConfigureServices(s => s.AddFakeProcessor());
        builder.UseSetting("Screener:ViewerRoot", Path.Combine(dataDir, "no-viewer"));
        // Fewer PBKDF2 rounds than production keeps login tests quick; the hash format and the checks are the same.
        builder.UseSetting("Screener:Auth:PasswordIterations", "20000");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, AuthTestAddress>());
        if (processor is not null) builder.ConfigureTestServices(s => s.AddSingleton(processor));
        if (services is not null) builder.ConfigureTestServices(services);
    }

    private string? _adminKey;

    /// <summary>An admin API key, made on first use; every client from CreateClient sends it as X-Api-Key.</summary>
    public string AdminKey => _adminKey ??= CreateKey(Roles.Admin, null, "test-admin");

    /// <summary>A new API key in the server's store (the full key, as a client would hold it).</summary>
    public string CreateKey(string role, string? site, string name = "test")
    {
        var (record, key) = Tokens.NewKey(name, role, site, DateTimeOffset.UtcNow);
        Services.GetRequiredService<IAuthStore>().AddKey(record);
        return key;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(ScreenerAuthHandler.KeyHeader, AdminKey);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // Pooled SQLite handles would keep the file open after the host is gone; only this server's file is let go, as other
        // test classes run their servers at the same time.
        SqliteFiles.ReleasePool(Path.Combine(dataDir, "studies.db"));
    }
}
