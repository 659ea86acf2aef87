using System.Diagnostics;

namespace ChestScreener.Pipeline;

/// <summary>Per-stage wall-clock seconds in stage order, for result.json's timing_s.</summary>
internal sealed class StageTimer
{
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly Stopwatch _stage = new();
    private readonly Dictionary<string, double> _times = new();
    private string? _current;

    public void Start(string stage)
    {
        Stop();
        _current = stage;
        _stage.Restart();
    }

    public void Stop()
    {
        if (_current is null) return;
        _times[_current] = Math.Round(_stage.Elapsed.TotalSeconds, 3);
        _current = null;
    }

    /// <summary>The stages finished so far (for reports written before the run ends).</summary>
    public Dictionary<string, double> Snapshot() => new(_times);

    public Dictionary<string, double> Finish()
    {
        Stop();
        _times["total"] = Math.Round(_total.Elapsed.TotalSeconds, 3);
        return _times;
    }
}
