using System.CommandLine;

namespace ChestScreener.Cli.Commands;

/// <summary>`screener keys create|list|revoke`: API keys for machine clients (shown once at creation, stored as SHA-256 only).</summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Manage API keys for machine clients (on the store screener serve uses).");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command CreateKey()
    {
        var store = new AdminStoreOptions();
        var name = new Option<string>("--name") { Description = "What the key is for (e.g. the PACS router's name)", Required = true };
        var role = new Option<string>("--role") { Description = "uploader, viewer or admin", Required = true };
        var site = new Option<string?>("--site") { Description = "Site whose studies the key sees and uploads to" };
        var command = new Command("create", "Create a key and print it once (only its hash is kept): send it as X-Api-Key or Authorization: Bearer.") { name, role, site };
        store.AddTo(command);
        command.SetAction(parse => AdminStoreOptions.Run("keys create", () =>
        {
            var (record, key) = store.Open(parse).CreateKey(parse.GetValue(name)!, parse.GetValue(role)!, parse.GetValue(site));
            Console.Error.WriteLine($"key {record.Id} created for {record.Name} (role {record.Role}, site {record.Site ?? "(none)"}); it is shown once, store it now:");
            Console.WriteLine(key);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List()
    {
        var store = new AdminStoreOptions();
        var command = new Command("list", "List the keys: id, name, role, site, created, revoked (never the secret).");
        store.AddTo(command);
        command.SetAction(parse => AdminStoreOptions.Run("keys list", () =>
        {
            Console.WriteLine($"{"id",-12} {"name",-24} {"role",-9} {"site",-16} {"created (UTC)",-17} state");
            foreach (var k in store.Open(parse).Store.ListKeys())
                Console.WriteLine($"{k.Id,-12} {k.Name,-24} {k.Role,-9} {k.Site ?? "-",-16} {k.CreatedUtc:yyyy-MM-dd HH:mm} " +
                    (k.RevokedUtc is { } r ? $"revoked {r:yyyy-MM-dd HH:mm}" : "active"));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Revoke()
    {
        var store = new AdminStoreOptions();
        var id = new Argument<string>("ID") { Description = "The key's id (the 12 hex digits after csk_; see screener keys list)" };
        var command = new Command("revoke", "Revoke a key: requests with it get 401 from now on.") { id };
        store.AddTo(command);
        command.SetAction(parse => AdminStoreOptions.Run("keys revoke", () =>
        {
            if (!store.Open(parse).RevokeKey(parse.GetValue(id)!))
            {
                Console.Error.WriteLine($"screener keys revoke: there is no active key '{parse.GetValue(id)}'");
                return ExitCodes.Usage;
            }
            Console.WriteLine($"key {parse.GetValue(id)} revoked");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
