using System.CommandLine;

namespace ChestScreener.Cli.Commands;

/// <summary>Every sub-command of `screener`; add a line here when you add a command file.</summary>
public static class CommandRegistry
{
    public static IEnumerable<Command> All()
    {
        yield return VersionCommand.Create();
        yield return InspectCommand.Create();
        yield return ConvertCommand.Create();
        yield return AnalyzeCommand.Create();
        yield return ServeCommand.Create();
        yield return UsersCommand.Create();
        yield return KeysCommand.Create();
        yield return AuditCommand.Create();
        yield return AnatomyCommand.Create();
        yield return SynthCommand.Create();
        yield return EvalCommand.Create();
        yield return BenchCommand.Create();
    }
}
