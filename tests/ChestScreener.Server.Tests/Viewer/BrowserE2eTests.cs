using System.Diagnostics;
using ChestScreener.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using ChestScreener.Server.Storage.Sqlite;
using ChestScreener.Server.Testing;

namespace ChestScreener.Server.Tests.Viewer;

/// <summary>Runs web/e2e/run.mjs (headless Chromium via playwright-core) against the real server on a loopback port.</summary>
public sealed class BrowserE2eTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Viewer_uploads_a_study_shows_the_verdict_switches_windows_toggles_the_overlay_and_jumps_to_a_finding()
    {
        var repo = TestData.RepoRoot;
        var web = Path.Combine(repo, "web");
        Skip.IfNot(File.Exists("/usr/bin/chromium"), "Chromium is not installed (scripts/setup.sh --test installs the Debian package 'chromium')");
        Skip.IfNot(File.Exists(Path.Combine(web, "dist", "index.html")), "the viewer is not built (scripts/setup.sh builds web/dist)");
        Skip.IfNot(Directory.Exists(Path.Combine(web, "node_modules", "playwright-core")), "web/node_modules is missing (scripts/setup.sh runs npm ci)");
        Skip.If(FindOnPath("node") is null, "node is not installed");

        using var data = TestData.NewTempFolder();
        var shots = Environment.GetEnvironmentVariable("E2E_OUT") is { Length: > 0 } o ? o : Path.Combine(repo, "artifacts", "e2e");
        // E2E_STUDY=<zip or folder of a real study>: the real analysis instead of the fake one (the viewer timings of
        // docs/BENCHMARKS.md are taken this way on LIDC-IDRI-0314).
        var study = Environment.GetEnvironmentVariable("E2E_STUDY");
        var processor = string.IsNullOrEmpty(study) ? "fake" : "pipeline";
        var app = ServerApp.Create(["--urls", "http://127.0.0.1:0", $"--Screener:DataDir={data.Path}", $"--Screener:Processor={processor}",
            $"--Screener:ViewerRoot={Path.Combine(web, "dist")}", "--Screener:QueuePollSeconds=0.2", "--Logging:LogLevel:Default=Warning"], services => services.AddFakeProcessor());
        await app.StartAsync();
        try
        {
            // Authentication is on: the browser logs in through the viewer's login page as this admin.
            var password = $"e2e-{Guid.NewGuid():N}";
            app.Services.GetRequiredService<Server.Auth.IAuthStore>().AddUser(new Server.Auth.UserRecord
            {
                Name = "e2e", Role = Server.Auth.Roles.Admin, PasswordHash = app.Services.GetRequiredService<Server.Auth.Passwords>().Hash(password), CreatedUtc = DateTimeOffset.UtcNow,
            });
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var psi = new ProcessStartInfo("node", [Path.Combine(web, "e2e", "run.mjs")])
            {
                WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            psi.Environment["SCREENER_URL"] = url;
            psi.Environment["E2E_OUT"] = shots;
            psi.Environment["E2E_USER"] = "e2e";
            psi.Environment["E2E_PASSWORD"] = password;
            if (!string.IsNullOrEmpty(study)) psi.Environment["E2E_STUDY"] = study;
            using var node = Process.Start(psi)!;
            var stdout = node.StandardOutput.ReadToEndAsync();
            var stderr = node.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(string.IsNullOrEmpty(study) ? 5 : 15));
            await node.WaitForExitAsync(cts.Token);
            output.WriteLine(await stdout);
            output.WriteLine(await stderr);
            Assert.True(node.ExitCode == 0, $"web/e2e/run.mjs exited {node.ExitCode}:\n{await stdout}\n{await stderr}");
            Assert.True(File.Exists(Path.Combine(shots, "viewer-study.png")));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteFiles.ReleasePool(Path.Combine(data.Path, "studies.db"));
        }
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
