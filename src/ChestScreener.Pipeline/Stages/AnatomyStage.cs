using ChestScreener.Anatomy;
using ChestScreener.Anatomy.TotalSegmentator;
using ChestScreener.Imaging;

namespace ChestScreener.Pipeline.Stages;

/// <summary>
/// The real anatomy stage: <see cref="AnatomyAnalyzer.Analyze(CtVolume, TotalSegmentatorOptions?, int)"/> followed by
/// <see cref="ChestGate.Check"/>. <paramref name="totalSegmentator"/> null: classical segmentation only.
/// </summary>
public sealed class AnatomyStage(TotalSegmentatorOptions? totalSegmentator) : IAnatomyStage
{
    /// <summary>The engine named by <see cref="TotalSegmentatorAdapter.EnvironmentVariable"/>, read once here (classical when unset).</summary>
    public AnatomyStage() : this(TotalSegmentatorAdapter.FromEnvironment()) { }

    /// <summary>The TotalSegmentator this stage runs, or null for classical segmentation only.</summary>
    public TotalSegmentatorOptions? TotalSegmentator => totalSegmentator;

    public AnatomyResult Analyze(CtVolume ct, int threads)
    {
        var anatomy = AnatomyAnalyzer.Analyze(ct, totalSegmentator, threads);
        ChestGate.Check(anatomy);
        return anatomy;
    }
}
