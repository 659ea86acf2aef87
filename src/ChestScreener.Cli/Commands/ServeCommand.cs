using System.CommandLine;
using ChestScreener.Server;
using ChestScreener.Server.Processing;
using ChestScreener.Server.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChestScreener.Cli.Commands;

/// <summary>
/// `screener serve`: the web service and viewer on the embedded store (SQLite + files under --data). Authentication (API keys,
/// user logins; see docs/SECURITY.md) is on; --no-auth turns it off and is refused unless every address is loopback (exit 2).
/// </summary>
public static class ServeCommand
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Address(es) to listen on, ';'-separated", DefaultValueFactory = _ => DefaultUrl };
        var data = new Option<string>("--data") { Description = "Folder for the database, the job store and the studies' files", DefaultValueFactory = _ => "data" };
        var noAuth = new Option<bool>("--no-auth") { Description = "Serve without authentication, every caller acting as admin (refused unless every --urls address is loopback)" };
        var strip = new Option<bool>("--strip-identifiers") { Description = "Blank patient identifiers in the stored DICOM copies and name studies by id in results and reports" };
        var workers = new Option<int>("--workers") { Description = "Studies analysed at once", DefaultValueFactory = _ => 1 };
        var memory = new Option<int>("--memory-mb") { Description = "Memory budget of the running analyses together (MB)", DefaultValueFactory = _ => 8192 };
        var threads = new Option<int>("--threads") { Description = "Threads per analysis (0 = the cores divided among the --workers)", DefaultValueFactory = _ => 0 };
        var model = new Option<string?>("--model") { Description = "Model package folder (default: the shipped model)" };
        var processor = new Option<string>("--processor") { Description = "pipeline (default) or fake: synthetic results, for tests and demos only", DefaultValueFactory = _ => PipelineProcessorFactory.ProcessorName };
        var viewer = new Option<string?>("--viewer") { Description = "Folder of the built viewer (default: web/dist found beside or above the program)" };
        var role = new Option<string>("--role") { Description = "all (default): API + analysis; api: HTTP and queueing only; worker: analysis only (no port unless --urls)", DefaultValueFactory = _ => "all" };
        var db = new Option<string?>("--db") { Description = "PostgreSQL for studies and jobs (postgres://user:pass@host:5432/db or Host=...;Database=...); default: SQLite under --data" };
        var orthanc = new Option<string?>("--orthanc") { Description = "Pull new studies from this Orthanc REST URL and send the DICOM results back (credentials: Screener__Pacs__OrthancUser/OrthancPassword; see docs/PACS.md)" };
        var command = new Command("serve", "Run the web service and viewer (REST API under /api/v1, docs at /scalar/v1).")
        {
            urls, data, noAuth, strip, workers, memory, threads, model, processor, viewer, role, db, orthanc,
        };
        command.SetAction(parse =>
        {
            var url = parse.GetValue(urls)!;
            var serveRole = parse.GetValue(role)!.ToLowerInvariant();
            // A worker opens no port unless --urls is given (a health port for a container or a load balancer).
            var listens = serveRole != "worker" || parse.GetResult(urls) is { Implicit: false };
            var problem = listens ? CheckAccess(url, parse.GetValue(noAuth)) : null;
            if (problem is not null)
            {
                Console.Error.WriteLine($"screener serve: {problem}");
                return ExitCodes.Usage;
            }
            // Which names are valid is the server's rule (Options/ServerOptionsValidator, checked below before anything starts).
            var kind = parse.GetValue(processor)!;
            if (kind == FakeProcessorFactory.ProcessorName) Console.Error.WriteLine("screener serve: --processor fake: every study gets the same SYNTHETIC result (for tests and demos only)");
            var args = new List<string>
            {
                $"--Screener:DataDir={Path.GetFullPath(parse.GetValue(data)!)}",
                $"--Screener:WorkerCount={parse.GetValue(workers)}",
                $"--Screener:MemoryBudgetMb={parse.GetValue(memory)}",
                $"--Screener:AnalysisThreads={parse.GetValue(threads)}",
                $"--Screener:Processor={kind}",
            };
            if (parse.GetValue(model) is { Length: > 0 } m) args.Add($"--Screener:ModelDir={Path.GetFullPath(m)}");
            if (parse.GetValue(noAuth)) args.Add("--Screener:Auth:Enabled=false");
            if (parse.GetValue(strip)) args.Add("--Screener:Privacy:StripIdentifiers=true");
            if (listens) args.AddRange(["--urls", url]);
            args.Add($"--Screener:Role={serveRole}");
            if (parse.GetValue(db) is { Length: > 0 } database) args.AddRange(["--Screener:Store=postgres", $"--Screener:Database={database}"]);
            if (parse.GetValue(viewer) is { Length: > 0 } v) args.Add($"--Screener:ViewerRoot={Path.GetFullPath(v)}");
            if (parse.GetValue(orthanc) is { Length: > 0 } pacs) args.Add($"--Screener:Pacs:OrthancUrl={pacs}");
            try
            {
                var app = ServerApp.Create([.. args], services => services.AddFakeProcessor());
                // The server's options are validated here, before the first line that touches the data folder.
                _ = app.Services.GetRequiredService<IOptions<ChestScreener.Server.Options.ServerOptions>>().Value;
                Console.WriteLine($"screener serve: {url} (viewer /, API /api/v1, docs /scalar/v1); data in {Path.GetFullPath(parse.GetValue(data)!)}; Ctrl+C stops");
                if (!parse.GetValue(noAuth) && ChestScreener.Server.Auth.AuthSetup.HasNoCredentials(app.Services))
                    Console.Error.WriteLine($"screener serve: authentication is on and there is no user or API key yet, so every request gets 401; " +
                        $"create one: screener users add NAME --role admin --data {parse.GetValue(data)}");
                app.Run();
                return ExitCodes.Ok;
            }
            catch (OptionsValidationException e)
            {
                Console.Error.WriteLine($"screener serve: {string.Join("; ", e.Failures)}");
                return ExitCodes.Usage;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"screener serve: cannot listen on {url}: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    /// <summary>
    /// Null when serving is allowed; otherwise the one-line reason. An early, friendly check of --urls only: the server itself
    /// (Auth/OpenAccessGuard) enforces the rule on the addresses it actually binds, whatever the configuration route.
    /// </summary>
    public static string? CheckAccess(string urls, bool noAuth)
    {
        if (!noAuth) return null;
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!IsLoopback(url))
                return $"--no-auth is refused on '{url}': without authentication the service may listen only on a loopback address (127.0.0.1, [::1], localhost)";
        }
        return null;
    }

    public static bool IsLoopback(string url) => ChestScreener.Server.Auth.LoopbackAddresses.IsLoopback(url);
}
