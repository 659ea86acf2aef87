using System.Text.RegularExpressions;
using ChestScreener.Results;

namespace ChestScreener.Server.Privacy;

/// <summary>
/// Takes absolute server paths out of text meant for clients (rejection messages, warnings, problem details): each becomes the
/// file's own name, which is all a client can act on; where the data folder lives is none of its business.
/// </summary>
public static partial class PathFreeText
{
    /// <summary><paramref name="text"/> with every absolute path ("/a/b/c.dcm") replaced by its last part ("c.dcm").</summary>
    public static string Of(string text) =>
        text.Contains('/') ? AbsolutePath().Replace(text, m => m.Groups["name"].Value) : text;

    /// <summary>The result with its rejection message and warnings path-free.</summary>
    public static StudyResult Of(StudyResult result) => result with
    {
        Rejection = result.Rejection is { } r ? r with { Message = Of(r.Message) } : null,
        Warnings = [.. result.Warnings.Select(Of)],
    };

    // A slash that does not follow a word character, a dot or another slash (so "0.5/0.5", "OB/OW" and URLs are left alone),
    // then at least two path segments: the last one is kept.
    [GeneratedRegex(@"(?<![\w.:/])/(?:[^/\s'""`,;()\[\]]+/)+(?<name>[^/\s'""`,;()\[\]]*)")]
    private static partial Regex AbsolutePath();
}
