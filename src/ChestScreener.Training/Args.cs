using System.Globalization;

namespace ChestScreener.Training;

/// <summary>Minimal "--name value" parser for the training tool (unknown options fail fast).</summary>
public sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = [];

    public Args(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{list[i]}'");
            string key = list[i][2..];
            bool isFlag = i + 1 >= list.Count || list[i + 1].StartsWith("--", StringComparison.Ordinal);
            _values[key] = isFlag ? "true" : list[++i];
        }
    }

    public string? Get(string name) { _used.Add(name); return _values.GetValueOrDefault(name); }
    public string Require(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required");
    public string Str(string name, string fallback) => Get(name) ?? fallback;
    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public double Dbl(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
    public bool Flag(string name) => Get(name) == "true";
    /// <summary>A comma-separated list of numbers, e.g. --rings 9,24,48.</summary>
    public double[] Doubles(string name, double[] fallback) => Get(name) is { } v ? v.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray() : fallback;
    /// <summary>A comma-separated list of integers, e.g. --k 16,32.</summary>
    public int[] Ints(string name, int[] fallback) => Get(name) is { } v ? v.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray() : fallback;

    public void EnsureAllUsed()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
    }
}
