using System.CommandLine;

namespace ChestScreener.Cli.Commands;

/// <summary>`screener version`: program and runtime versions, for bug reports and run reports.</summary>
public static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the program and runtime versions.");
        command.SetAction(_ =>
        {
            var v = typeof(VersionCommand).Assembly.GetName().Version;
            Console.WriteLine($"screener {v} on .NET {Environment.Version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
