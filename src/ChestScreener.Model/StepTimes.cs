using System.Diagnostics;

namespace ChestScreener.Model;

/// <summary>
/// Wall seconds per named step of one model-stage call, in the order the steps first ran (`screener bench --detail`).
/// A step timed twice accumulates. Not thread-safe: one call's steps are timed from the thread that runs them.
/// </summary>
public sealed class StepTimes
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, double> _seconds = [];

    public void Add(string step, double seconds)
    {
        if (!_seconds.TryGetValue(step, out double s)) _order.Add(step);
        _seconds[step] = s + seconds;
    }

    /// <summary>Runs <paramref name="work"/> and adds its wall time to <paramref name="step"/>.</summary>
    public T Time<T>(string step, Func<T> work)
    {
        long t0 = Stopwatch.GetTimestamp();
        var result = work();
        Add(step, Stopwatch.GetElapsedTime(t0).TotalSeconds);
        return result;
    }

    /// <inheritdoc cref="Time{T}(string, Func{T})"/>
    public void Time(string step, Action work)
    {
        long t0 = Stopwatch.GetTimestamp();
        work();
        Add(step, Stopwatch.GetElapsedTime(t0).TotalSeconds);
    }

    public double this[string step] => _seconds.TryGetValue(step, out double s) ? s : 0;

    /// <summary>The steps in the order they first ran.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Steps => _order.Select(k => KeyValuePair.Create(k, _seconds[k])).ToList();
}
