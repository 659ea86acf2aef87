using System.CommandLine;

namespace ChestScreener.Training.Cli;

internal static class ParseResultValues
{
    /// <summary>The option's value when it was given, else <paramref name="fallback"/> (the settings record's own default).</summary>
    public static T ValueOr<T>(this ParseResult p, Option<T> option, T fallback) => p.GetResult(option) is null ? fallback : p.GetValue(option)!;
}
