using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ChestScreener.Training.Cli;

/// <summary>Options that take a comma-separated list (`--rings 9,24,48`), parsed with the invariant culture.</summary>
internal static class ListOption
{
    public static Option<double[]> Doubles(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => Parse(r, name, (string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v)),
    };

    public static Option<int[]> Ints(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => Parse(r, name, (string s, out int v) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v)),
    };

    public static Option<string[]> Strings(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => Split(r.Tokens.Single().Value),
    };

    private delegate bool TryParse<T>(string s, out T value);

    // A parse error (exit 2 with the message) instead of an exception when an element is not a number.
    private static T[] Parse<T>(ArgumentResult r, string name, TryParse<T> parse)
    {
        var parts = Split(r.Tokens.Single().Value);
        var values = new T[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (parse(parts[i], out values[i])) continue;
            r.AddError($"{name}: '{parts[i]}' is not a {(typeof(T) == typeof(int) ? "whole number" : "number")}");
            return [];
        }
        return values;
    }

    private static string[] Split(string v) => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
