namespace ChestScreener.Cli.Tests;

/// <summary>
/// Tests that swap Console.Error / Console.Out: the console is one process-wide object, so they run alone, after the
/// parallel tests, never beside a test whose command prints (a CI run once caught another test's output instead).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
