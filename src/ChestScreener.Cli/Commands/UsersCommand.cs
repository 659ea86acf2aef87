using System.CommandLine;
using System.Text;
using ChestScreener.Server.Auth;

namespace ChestScreener.Cli.Commands;

/// <summary>`screener users add|list|disable`: viewer logins on the server's store (passwords from stdin or a prompt, stored hashed).</summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", "Manage the viewer's user logins (on the store screener serve uses).");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Disable());
        return command;
    }

    private static Command Add()
    {
        var store = new AdminStoreOptions();
        var name = new Argument<string>("NAME") { Description = "Login name (letters, digits, . _ - @)" };
        var role = new Option<string>("--role") { Description = "uploader, viewer or admin", Required = true };
        var site = new Option<string?>("--site") { Description = "Site whose studies the user sees (without one: only their own uploads; admins see all)" };
        var command = new Command("add", "Add a user; the password is read from stdin when piped, else asked for twice (not echoed).") { name, role, site };
        store.AddTo(command);
        command.SetAction(parse => AdminStoreOptions.Run("users add", () =>
        {
            var password = ReadPassword();
            if (password is null)
            {
                Console.Error.WriteLine("screener users add: the two passwords differ (or none was given)");
                return ExitCodes.Usage;
            }
            var admin = store.Open(parse);
            var user = admin.AddUser(parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(site), password);
            Console.WriteLine($"user {user.Name} added: role {user.Role}, site {user.Site ?? "(none)"}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List()
    {
        var store = new AdminStoreOptions();
        var command = new Command("list", "List the users: name, role, site, created, disabled.");
        store.AddTo(command);
        command.SetAction(parse => AdminStoreOptions.Run("users list", () =>
        {
            var users = store.Open(parse).Store.ListUsers();
            Console.WriteLine($"{"name",-24} {"role",-9} {"site",-16} {"created (UTC)",-17} state");
            foreach (var u in users)
                Console.WriteLine($"{u.Name,-24} {u.Role,-9} {u.Site ?? "-",-16} {u.CreatedUtc:yyyy-MM-dd HH:mm} {(u.Disabled ? "disabled" : "active")}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Disable()
    {
        var store = new AdminStoreOptions();
        var name = new Argument<string>("NAME");
        var command = new Command("disable", "Disable a user: their logins end at once and they cannot log in again.") { name };
        store.AddTo(command);
        command.SetAction(parse => AdminStoreOptions.Run("users disable", () =>
        {
            if (!store.Open(parse).DisableUser(parse.GetValue(name)!))
            {
                Console.Error.WriteLine($"screener users disable: there is no user '{parse.GetValue(name)}'");
                return ExitCodes.Usage;
            }
            Console.WriteLine($"user {parse.GetValue(name)} disabled");
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The first line of stdin when it is piped; else a prompt, twice, without echo. Null when empty or the two differ.</summary>
    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            var line = Console.In.ReadLine();
            return string.IsNullOrEmpty(line) ? null : line;
        }
        var first = Prompt("password: ");
        var second = Prompt("again:    ");
        return first.Length > 0 && first == second ? first : null;
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var sb = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (sb.Length > 0) sb.Length--; continue; }
            if (!char.IsControl(key.KeyChar)) sb.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return sb.ToString();
    }
}
