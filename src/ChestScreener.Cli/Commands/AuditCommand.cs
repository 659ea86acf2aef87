using System.CommandLine;

namespace ChestScreener.Cli.Commands;

/// <summary>`screener audit`: reads the audit log (who uploaded, viewed, downloaded, deleted what, when, from where) as JSON lines.</summary>
public static class AuditCommand
{
    public static Command Create()
    {
        var store = new AdminStoreOptions();
        var study = new Option<string?>("--study") { Description = "Only this study's (or user name's / key id's) rows" };
        var after = new Option<long>("--after") { Description = "Only rows after this sequence number", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "At most this many rows", DefaultValueFactory = _ => 1000 };
        var command = new Command("audit", "Print the audit log, oldest first, one JSON object per line.") { study, after, limit };
        store.AddTo(command);
        command.SetAction(parse => AdminStoreOptions.Run("audit", () =>
        {
            var json = new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };
            foreach (var e in store.Open(parse).Audit.Read(parse.GetValue(study), parse.GetValue(after), parse.GetValue(limit)))
                Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(e, json));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
