using ChestScreener.Cli.Commands;

namespace ChestScreener.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.4.5.6:80", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://192.168.1.10:5080", false)]
    [InlineData("http://example.org", false)]
    public void Only_loopback_addresses_count_as_loopback(string url, bool loopback) =>
        Assert.Equal(loopback, ServeCommand.IsLoopback(url));

    [Fact]
    public void No_auth_is_allowed_on_loopback_only_and_with_auth_any_address_is_fine()
    {
        Assert.Null(ServeCommand.CheckAccess("http://127.0.0.1:5080;http://[::1]:5080", noAuth: true));
        Assert.Contains("loopback", ServeCommand.CheckAccess("http://127.0.0.1:5080;http://0.0.0.0:5080", noAuth: true));
        Assert.Contains("loopback", ServeCommand.CheckAccess("http://*:5080", noAuth: true));
        Assert.Null(ServeCommand.CheckAccess("http://0.0.0.0:5080;http://192.168.1.10:5080", noAuth: false));
    }

    [Theory]
    [InlineData("--urls", "http://0.0.0.0:5080", "--no-auth")]
    [InlineData("--urls", "http://127.0.0.1:5080", "--processor", "magic")]
    [InlineData("--urls", "http://[::]:5080", "--no-auth")]
    public void Refused_settings_exit_2_before_anything_starts(params string[] args)
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(ExitCodes.Usage, ServeCommand.Create().Parse(args).Invoke());
        }
        finally
        {
            Console.SetError(saved);
        }
        Assert.StartsWith("screener serve: ", error.ToString());
    }
}
