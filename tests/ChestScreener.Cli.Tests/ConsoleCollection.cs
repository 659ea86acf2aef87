namespace ChestScreener.Cli.Tests;

/// <summary>
/// Test classes that swap the process-wide Console.Out/Error/In: in one collection that runs alone, so one class never
/// captures (or restores over) another's writer. Without it ServeCommandTests failed now and then beside AuthCommandsTests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "process console";
}
