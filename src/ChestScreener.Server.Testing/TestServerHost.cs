using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Testing;

/// <summary>The server with the fake processor registered, for tests that run it as a separate process (ScaleOut/ServerProcess).</summary>
public static class TestServerHost
{
    public static int Main(string[] args)
    {
        try
        {
            ServerApp.Create(args, services => services.AddFakeProcessor()).Run();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine($"ChestScreener.Server.Testing: {string.Join("; ", e.Failures)}");
            return 2;
        }
    }
}
