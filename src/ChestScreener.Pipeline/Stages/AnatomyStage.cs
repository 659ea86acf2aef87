using ChestScreener.Anatomy;
using ChestScreener.Imaging;

namespace ChestScreener.Pipeline.Stages;

/// <summary>The real anatomy stage: <see cref="AnatomyAnalyzer.Analyze"/> followed by <see cref="ChestGate.Check"/>.</summary>
public sealed class AnatomyStage : IAnatomyStage
{
    public AnatomyResult Analyze(CtVolume ct, int threads)
    {
        var anatomy = AnatomyAnalyzer.Analyze(ct, threads);
        ChestGate.Check(anatomy);
        return anatomy;
    }
}
