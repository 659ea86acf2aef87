using ChestScreener.Server.Processing;
using ChestScreener.Server.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ChestScreener.Server.Storage.Sqlite;
using ChestScreener.Server.Testing;

namespace ChestScreener.Pacs.Tests;

/// <summary>The service in-process with the masking processor, fast polling and authentication off (loopback test host) unless the settings turn it on.</summary>
public sealed class PacsServerFactory(string dataDir, IDictionary<string, string>? settings = null) : WebApplicationFactory<ChestScreener.Server.Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Screener:DataDir", dataDir);
        builder.UseSetting("Screener:QueuePollSeconds", "0.2");
        builder.UseSetting("Screener:Processor", FakeProcessorFactory.ProcessorName);
        builder.ConfigureServices(s => s.AddFakeProcessor());
        builder.UseSetting("Screener:Auth:Enabled", "false");
        builder.UseSetting("Screener:ViewerRoot", Path.Combine(dataDir, "no-viewer"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureTestServices(s => s.AddSingleton<IStudyProcessor>(new MaskingProcessor()));
    }

    /// <summary>A new API key in the server's store (the full key, as a client would hold it); needs Screener:Auth:Enabled=true.</summary>
    public string CreateKey(string role, string? site, string name = "test")
    {
        var (record, key) = ChestScreener.Server.Auth.Tokens.NewKey(name, role, site, DateTimeOffset.UtcNow);
        Services.GetRequiredService<ChestScreener.Server.Auth.IAuthStore>().AddKey(record);
        return key;
    }

    /// <summary>A client that sends <paramref name="key"/> as X-Api-Key.</summary>
    public HttpClient Client(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ChestScreener.Server.Auth.ScreenerAuthHandler.KeyHeader, key);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // Only this server's file: other test classes run their servers at the same time.
        SqliteFiles.ReleasePool(Path.Combine(dataDir, "studies.db"));
    }
}
