using System.CommandLine;
using ChestScreener.Cli.Commands;

namespace ChestScreener.Cli;

/// <summary>The `screener` command: one file per sub-command under Commands/.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("ChestScreener: triage of chest CT by anomaly detection (not a diagnosis).");
        foreach (var command in CommandRegistry.All()) root.Subcommands.Add(command);
        using var temp = CliTempFolder.Start();
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
            {
                // docs/ARCHITECTURE.md (exit codes): a usage error exits with 2, in one line that says what to do.
                var name = parsed.CommandResult.Command == root ? "screener" : $"screener {parsed.CommandResult.Command.Name}";
                Console.Error.WriteLine($"{name}: {parsed.Errors[0].Message} (see {name} --help)");
                return ExitCodes.Usage;
            }
            return parsed.Invoke();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"screener: unexpected error: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
