using System.Text.Json;
using ChestScreener.Cli.Commands;
using ChestScreener.Server.Auth;
using ChestScreener.Tests;
using ChestScreener.Server.Storage.Sqlite;

namespace ChestScreener.Cli.Tests;

/// <summary>`screener users`, `screener keys` and `screener audit` on a data folder: what they print, store and refuse.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class AuthCommandsTests
{
    private static (int Code, string Out, string Err) Run(string? stdin, params string[] args)
    {
        var (savedOut, savedErr, savedIn) = (Console.Out, Console.Error, Console.In);
        var (o, e) = (new StringWriter(), new StringWriter());
        Console.SetOut(o);
        Console.SetError(e);
        if (stdin is not null) Console.SetIn(new StringReader(stdin));
        try
        {
            var root = new System.CommandLine.RootCommand();
            foreach (var c in CommandRegistry.All()) root.Subcommands.Add(c);
            return (root.Parse(args).Invoke(), o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedErr);
            Console.SetIn(savedIn);
            // The command has finished with the data folder's database; let go of only that file's pooled connections.
            var data = Array.IndexOf(args, "--data");
            if (data >= 0) ChestScreener.Server.Storage.Sqlite.SqliteFiles.ReleasePool(Path.Combine(args[data + 1], "studies.db"));
        }
    }

    [Fact]
    public void Users_keys_and_audit_work_on_the_data_folder_the_server_uses()
    {
        using var data = TestData.NewTempFolder();
        // Console.IsInputRedirected is true under the test runner, so the password comes from stdin.
        var add = Run("a long enough password\n", "users", "add", "alice", "--role", "viewer", "--site", "north", "--data", data.Path);
        Assert.True(add.Code == 0, add.Err);
        Assert.Contains("user alice added: role viewer, site north", add.Out);
        Assert.Equal(2, Run("a long enough password\n", "users", "add", "alice", "--role", "viewer", "--data", data.Path).Code);
        Assert.Equal(2, Run("short\n", "users", "add", "bob", "--role", "viewer", "--data", data.Path).Code);
        var badRole = Run("a long enough password\n", "users", "add", "bob", "--role", "root", "--data", data.Path);
        Assert.Equal(2, badRole.Code);
        Assert.Contains("role must be one of uploader, viewer, admin", badRole.Err);

        var list = Run(null, "users", "list", "--data", data.Path);
        Assert.Contains("alice", list.Out);
        Assert.DoesNotContain("bob", list.Out);
        Assert.DoesNotContain("a long enough password", list.Out);

        var create = Run(null, "keys", "create", "--name", "pacs-router", "--role", "uploader", "--site", "north", "--data", data.Path);
        Assert.Equal(0, create.Code);
        var key = create.Out.Trim();
        Assert.True(Tokens.TryParseKey(key, out var id, out var secret), key);
        var keys = Run(null, "keys", "list", "--data", data.Path);
        Assert.Contains(id, keys.Out);
        Assert.DoesNotContain(secret, keys.Out);
        Assert.Contains("active", keys.Out);

        Assert.Equal(0, Run(null, "keys", "revoke", id, "--data", data.Path).Code);
        Assert.Equal(2, Run(null, "keys", "revoke", id, "--data", data.Path).Code);
        Assert.Contains("revoked", Run(null, "keys", "list", "--data", data.Path).Out);
        Assert.Equal(0, Run(null, "users", "disable", "alice", "--data", data.Path).Code);

        var audit = Run(null, "audit", "--data", data.Path);
        var actions = audit.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("action").GetString()!).ToArray();
        Assert.Equal(new[] { "user_added", "key_created", "key_revoked", "user_disabled" }, actions);

        // The server's store sees the same rows.
        var store = new SqliteAuthStore(Path.Combine(data.Path, "studies.db"));
        Assert.True(store.FindUser("alice")!.Disabled);
        Assert.NotNull(store.FindKey(id)!.RevokedUtc);
        Assert.True(Tokens.Matches(secret, store.FindKey(id)!.SecretHash));
    }
}
