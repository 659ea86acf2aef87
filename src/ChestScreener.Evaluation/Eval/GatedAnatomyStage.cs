using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Pipeline.Stages;

namespace ChestScreener.Evaluation.Eval;

/// <summary>The real anatomy stage with chosen chest-gate options (slab mode relaxes only the "lungs cut off" rule).</summary>
public sealed class GatedAnatomyStage(ChestGateOptions gate) : IAnatomyStage
{
    public AnatomyResult Analyze(CtVolume ct, int threads)
    {
        var anatomy = AnatomyAnalyzer.Analyze(ct, threads);
        ChestGate.Check(anatomy, gate);
        return anatomy;
    }
}
