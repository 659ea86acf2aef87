namespace ChestScreener.Tests;

/// <summary>Locates ../shared/data (real studies) and scratch folders for tests.</summary>
public static class TestData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The shared data folder, or null when this checkout has none beside it.</summary>
    public static string? DataRoot => Root.Value;

    /// <summary>Absolute path of a file or folder under shared/data; skips the test when the data is absent.</summary>
    public static string Require(string relative)
    {
        var root = DataRoot;
        Skip.If(root is null, "../shared/data is not present beside this checkout; real-data tests skip (CI has it).");
        var path = Path.Combine(root!, relative);
        Skip.IfNot(File.Exists(path) || Directory.Exists(path), $"shared data item '{relative}' is missing");
        return path;
    }

    /// <summary>A fresh empty folder that is deleted when the returned handle is disposed.</summary>
    public static TempFolder NewTempFolder() => new();

    private static string? FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("CHESTSCREENER_DATA");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "shared", "DESIGN.md"))) return candidate;
            candidate = Path.Combine(dir.FullName, "..", "shared", "data");
            if (File.Exists(Path.Combine(dir.FullName, "ChestScreener.slnx")) && Directory.Exists(candidate)) return Path.GetFullPath(candidate);
        }
        return null;
    }

    /// <summary>The repository root (the folder holding ChestScreener.slnx).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ChestScreener.slnx"))) return dir.FullName;
            }
            throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }
}

/// <summary>A temporary folder removed on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "chestscreener-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
