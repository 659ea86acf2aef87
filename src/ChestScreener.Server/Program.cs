using Microsoft.Extensions.Options;

namespace ChestScreener.Server;

/// <summary>The service's entry point (also what WebApplicationFactory starts in tests); `screener serve` calls <see cref="ServerApp"/> directly.</summary>
public class Program
{
    public static int Main(string[] args)
    {
        try
        {
            ServerApp.Create(args).Run();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            // A refused setting (bad value, or no authentication on a public address) is one line and exit 2, not a stack trace.
            Console.Error.WriteLine($"ChestScreener.Server: {string.Join("; ", e.Failures)}");
            return 2;
        }
    }
}
