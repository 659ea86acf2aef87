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
        try
        {
            return root.Parse(args).Invoke();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"screener: unexpected error: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
