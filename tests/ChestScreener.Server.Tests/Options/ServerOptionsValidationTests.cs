using ChestScreener.Server.Options;
using ChestScreener.Server.Processing;
using ChestScreener.Server.Testing;
using ChestScreener.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ChestScreener.Server.Tests.ScaleOut;

namespace ChestScreener.Server.Tests.Options;

/// <summary>
/// The processor rule lives in the server's options validator: a name is valid when the host registered a processor of
/// that name, whether it came from the command line, a Screener__ variable or a settings file, and is refused on start.
/// </summary>
public sealed class ServerOptionsValidationTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();

    public void Dispose() => _data.Dispose();

    private WebApplication Create(string processor, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null) => ServerApp.Create([
        $"--Screener:DataDir={_data.Path}", $"--Screener:Processor={processor}", $"--Screener:ViewerRoot={Path.Combine(_data.Path, "no-viewer")}"], services);

    private static ServerOptions Validated(WebApplication app) => app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;

    [Fact]
    public void The_production_host_has_no_fake_processor()
    {
        // Refused while the host is built, before anything listens.
        var e = Assert.Throws<OptionsValidationException>(() => Create("fake"));
        Assert.Contains("Screener:Processor 'fake' is not available in this host; use one of: pipeline", e.Message);
    }

    [Fact]
    public async Task A_test_or_demo_host_adds_the_fake_processor_by_name()
    {
        await using var app = Create("fake", s => s.AddFakeProcessor());
        Assert.Equal("fake", Validated(app).Processor);
        Assert.IsType<FakeStudyProcessor>(app.Services.GetRequiredService<IStudyProcessor>());
        Assert.Equal(["pipeline", "fake"], app.Services.GetServices<IStudyProcessorFactory>().Select(f => f.Name));
    }

    [Fact]
    public void An_unknown_name_is_refused_whatever_the_host_registered()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Create("magic", s => s.AddFakeProcessor()));
        Assert.Contains("'magic' is not available in this host; use one of: pipeline, fake", e.Message);
    }

    [Fact]
    public async Task The_default_is_the_real_pipeline()
    {
        await using var app = ServerApp.Create([$"--Screener:DataDir={_data.Path}"]);
        Assert.Equal(PipelineProcessorFactory.ProcessorName, Validated(app).Processor);
    }

    [Fact]
    public void A_setting_from_an_environment_variable_is_checked_the_same_and_stops_the_process()
    {
        // Screener__Processor is the container's route; the process is the server with the fake processor registered.
        using var server = new ScaleOut.ServerProcess("magic", _data.Path, ["--urls", "http://127.0.0.1:0", $"--Screener:DataDir={_data.Path}"],
            new Dictionary<string, string> { ["Screener__Processor"] = "magic" });
        Assert.True(server.WaitForExit(TimeSpan.FromSeconds(60)), server.Tail());
        Assert.Equal(2, server.ExitCode);
        Assert.Contains(server.Lines, l => l.Contains("Screener:Processor 'magic' is not available in this host; use one of: pipeline, fake"));
    }
}
