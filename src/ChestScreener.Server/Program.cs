namespace ChestScreener.Server;

/// <summary>The service's entry point (also what WebApplicationFactory starts in tests); `screener serve` calls <see cref="ServerApp"/> directly.</summary>
public class Program
{
    public static void Main(string[] args) => ServerApp.Create(args).Run();
}
