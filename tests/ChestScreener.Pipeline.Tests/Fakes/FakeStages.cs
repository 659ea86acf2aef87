using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Model;
using ChestScreener.Pipeline.Stages;
using ChestScreener.Results;

namespace ChestScreener.Pipeline.Tests.Fakes;

/// <summary>Returns a fixed volume, or throws what it was given.</summary>
public sealed class FakeSource(Func<IReadOnlyList<string>, CtVolume> load) : IVolumeSource
{
    public List<IReadOnlyList<string>> Calls { get; } = [];

    public CtVolume Load(IReadOnlyList<string> inputs)
    {
        Calls.Add(inputs);
        return load(inputs);
    }
}

/// <summary>Anatomy from a function of the CT.</summary>
public sealed class FakeAnatomy(Func<CtVolume, AnatomyResult> analyze) : IAnatomyStage
{
    /// <summary>The thread count of each call.</summary>
    public List<int> Threads { get; } = [];

    public AnatomyResult Analyze(CtVolume ct, int threads)
    {
        Threads.Add(threads);
        return analyze(ct);
    }
}

/// <summary>Scores from a function of the CT; the default <see cref="DecisionThresholds"/>.</summary>
public sealed class FakeAnomaly(Func<CtVolume, Volume<float>> score, DecisionThresholds? decision = null) : IAnomalyStage
{
    public ModelInfo Model { get; } = new("fake-model", "0.0.1");
    public DecisionThresholds Decision { get; } = decision ?? new DecisionThresholds();
    public bool Disposed { get; private set; }
    public Volume<float> Score(CtVolume ct, AnatomyResult anatomy) => score(ct);
    public void Dispose() => Disposed = true;
}
