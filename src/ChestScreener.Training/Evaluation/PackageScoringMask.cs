using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Model;

namespace ChestScreener.Training.Evaluation;

/// <summary>
/// Where a package scores a CT, as the pipeline's model stage does: the anatomy stage, then the scoring mask of the
/// package's decision block (airway and lung-field margins). For the tools that run the scorer without the pipeline.
/// </summary>
public static class PackageScoringMask
{
    public static Volume<byte> Build(CtVolume ct, ModelPackage package, int threads) =>
        ScoringMask.Build(AnatomyAnalyzer.Analyze(ct, threads), package.Decision.AirwayMarginMm, package.Decision.LungMarginMm, threads, package.Decision.MediastinumMarginMm);
}
