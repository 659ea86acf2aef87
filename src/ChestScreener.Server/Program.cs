using ChestScreener.Server;

ServerApp.Create(args).Run();

/// <summary>The service's entry point (also what WebApplicationFactory starts in tests).</summary>
public partial class Program;
