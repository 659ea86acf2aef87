namespace ChestScreener.Evaluation.Bench;

/// <summary>Median, minimum and maximum of repeated timings (seconds).</summary>
public sealed record Stat(double Median, double Min, double Max, int N)
{
    public static Stat Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) return new Stat(double.NaN, double.NaN, double.NaN, 0);
        var s = values.OrderBy(v => v).ToArray();
        double median = s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        return new Stat(Math.Round(median, 3), Math.Round(s[0], 3), Math.Round(s[^1], 3), s.Length);
    }
}
