using ChestScreener.Server.Processing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace ChestScreener.Server.Tests;

/// <summary>The service in-process on a given data folder, with a test processor and fast job polling.</summary>
public sealed class ServerFactory(string dataDir, IStudyProcessor? processor = null, IDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Screener:DataDir", dataDir);
        builder.UseSetting("Screener:QueuePollSeconds", "0.2");
        builder.UseSetting("Screener:Processor", "fake");
        builder.UseSetting("Screener:ViewerRoot", Path.Combine(dataDir, "no-viewer"));
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        if (processor is not null) builder.ConfigureTestServices(s => s.AddSingleton(processor));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // Pooled SQLite handles would keep the files open after the host is gone.
        SqliteConnection.ClearAllPools();
    }
}
