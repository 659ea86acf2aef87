using ChestScreener.Reports;

namespace ChestScreener.Cli.Commands;

/// <summary>The validated options of `screener analyze`.</summary>
public sealed record AnalyzeSettings
{
    public required IReadOnlyList<AnalyzeInput> Inputs { get; init; }
    public required string OutDir { get; init; }
    public OutputFormats Formats { get; init; } = OutputFormats.Default;
    public int Threads { get; init; } = 2;
    public string? ModelDir { get; init; }
    public bool Force { get; init; }
}

/// <summary>One study to analyse: the path that names it (a file or folder) and the files/folders handed to the reader.</summary>
public sealed record AnalyzeInput(string Path, IReadOnlyList<string> Files)
{
    public string Name => System.IO.Path.GetFileName(Path.TrimEnd('/', '\\')) is { Length: > 0 } n ? n : Path;
}
