using System.Net;
using System.Net.Sockets;
using ChestScreener.Server.Tests.ScaleOut;
using ChestScreener.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using ChestScreener.Server.Storage.Sqlite;
using ChestScreener.Server.Testing;

namespace ChestScreener.Server.Tests.Auth;

/// <summary>
/// Issue 20, finding 6: with authentication off by any configuration route, the server itself refuses to serve on an address
/// that is not loopback (checked on the addresses actually bound), and still serves on loopback.
/// </summary>
public sealed class OpenAccessGuardTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();

    public void Dispose() => _data.Dispose();

    private WebApplication Create(params string[] extra) => ServerApp.Create([
        $"--Screener:DataDir={_data.Path}", "--Screener:Processor=fake", $"--Screener:ViewerRoot={Path.Combine(_data.Path, "no-viewer")}",
        "--Screener:Auth:Enabled=false", .. extra], services => services.AddFakeProcessor());

    private static bool Answers(int port)
    {
        using var tcp = new TcpClient();
        try
        {
            tcp.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task Auth_off_by_configuration_on_every_interface_refuses_to_start_and_closes_the_port()
    {
        var port = LoopbackPort.Free();
        await using var app = Create("--urls", $"http://0.0.0.0:{port}");
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains($"0.0.0.0:{port}", e.Message);
        Assert.Contains("loopback", e.Message);
        Assert.False(Answers(port));
    }

    [Fact]
    public async Task A_kestrel_endpoint_overriding_loopback_urls_is_refused_too()
    {
        var (loopback, open) = (LoopbackPort.Free(), LoopbackPort.Free());
        await using var app = Create("--urls", $"http://127.0.0.1:{loopback}", $"--Kestrel:Endpoints:Public:Url=http://0.0.0.0:{open}");
        await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.False(Answers(open));
        Assert.False(Answers(loopback));
    }

    [Fact]
    public async Task Auth_off_on_loopback_serves_the_api()
    {
        var port = LoopbackPort.Free();
        await using var app = Create("--urls", $"http://127.0.0.1:{port}");
        await app.StartAsync();
        try
        {
            using var http = new HttpClient();
            var answer = await http.GetAsync($"http://127.0.0.1:{port}/api/v1/studies");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            SqliteFilesRelease();
        }
    }

    [Fact]
    public void A_real_process_with_auth_off_from_the_environment_on_0_0_0_0_exits_2_without_serving()
    {
        var port = LoopbackPort.Free();
        using var server = new ServerProcess("open", _data.Path,
            [$"--Screener:DataDir={_data.Path}", "--Screener:Processor=fake", "--urls", $"http://0.0.0.0:{port}"],
            new Dictionary<string, string> { ["Screener__Auth__Enabled"] = "false" });
        Assert.True(server.WaitForExit(TimeSpan.FromSeconds(60)), server.Tail());
        Assert.Equal(2, server.ExitCode);
        Assert.Contains(server.Lines, l => l.Contains("loopback", StringComparison.Ordinal));
        Assert.False(Answers(port));
    }

    private void SqliteFilesRelease() => SqliteFiles.ReleasePool(Path.Combine(_data.Path, "studies.db"));
}
