using System.CommandLine;
using ChestScreener.Server.Auth;

namespace ChestScreener.Cli.Commands;

/// <summary>The --data / --db options of `screener users|keys|audit`, opening the same store `screener serve` with those options uses.</summary>
public sealed class AdminStoreOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "The server's data folder (as given to screener serve)", DefaultValueFactory = _ => "data" };
    public Option<string?> Db { get; } = new("--db") { Description = "The server's PostgreSQL, when screener serve runs with --db" };

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Db);
    }

    public AuthAdmin Open(ParseResult parse)
    {
        var settings = new List<KeyValuePair<string, string?>>();
        if (parse.GetValue(Db) is { Length: > 0 } db)
        {
            settings.Add(new("Screener:Store", "postgres"));
            settings.Add(new("Screener:Database", db));
        }
        return AuthAdmin.Open(parse.GetValue(Data)!, settings);
    }

    /// <summary>Runs an admin action; a bad argument is a usage error (2) with its one-line reason, a store problem a failure (1).</summary>
    public static int Run(string name, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"screener {name}: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is Microsoft.Extensions.Options.OptionsValidationException or InvalidOperationException or IOException or System.Data.Common.DbException)
        {
            Console.Error.WriteLine($"screener {name}: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
