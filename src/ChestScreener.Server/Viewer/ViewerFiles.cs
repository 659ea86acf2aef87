using ChestScreener.Server.Options;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Viewer;

/// <summary>Finds the built viewer (web/dist) and serves it as static files with a fallback to index.html for client-side routes.</summary>
public sealed class ViewerFiles(IOptions<ServerOptions> options)
{
    public string? Root { get; } = Locate(options.Value.ViewerRoot);

    /// <summary>The configured folder, else web/dist beside the program or in a folder above it or above the working folder.</summary>
    public static string? Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(Path.Combine(configured, "index.html")) ? Path.GetFullPath(configured) : null;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "wwwroot"), Path.Combine(dir.FullName, "web", "dist") })
                {
                    if (File.Exists(Path.Combine(candidate, "index.html"))) return candidate;
                }
            }
        }
        return null;
    }

    public void Map(WebApplication app)
    {
        if (Root is null)
        {
            app.MapGet("/", () => Microsoft.AspNetCore.Http.Results.Content(
                "<!doctype html><title>ChestScreener</title><p>The viewer is not built: run <code>scripts/setup.sh</code> (it builds web/dist). " +
                "The API is at <a href=\"/scalar/v1\">/scalar/v1</a>.</p>", "text/html")).ExcludeFromDescription();
            return;
        }
        var files = new PhysicalFileProvider(Root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files });
    }
}
