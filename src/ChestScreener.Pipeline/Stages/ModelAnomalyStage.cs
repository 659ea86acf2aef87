using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Model;
using ChestScreener.Results;

namespace ChestScreener.Pipeline.Stages;

/// <summary>The real screener stage: a loaded <see cref="ModelPackage"/> and its <see cref="AnomalyScorer"/>, scoring inside the model's scoring mask (body, less airways, or the lung fields).</summary>
public sealed class ModelAnomalyStage : IAnomalyStage
{
    private readonly AnomalyScorer _scorer;

    public ModelAnomalyStage(ModelPackage package, int threads)
    {
        Package = package;
        _scorer = new AnomalyScorer(package, threads);
    }

    /// <summary>Loads the model folder (default: the shipped model) once, before any study is read.</summary>
    public static ModelAnomalyStage Load(string? modelDirectory, int threads) =>
        new(ModelPackage.Load(modelDirectory ?? ModelPackage.DefaultDirectory()), threads);

    public ModelPackage Package { get; }
    public ModelInfo Model => new(Package.Name, Package.Version);
    public DecisionThresholds Decision => Package.Decision;
    /// <summary>Step timings of the last <see cref="Score"/> (the scoring mask excluded).</summary>
    public ScoreTimings? LastTimings => _scorer.LastTimings;

    public Volume<float> Score(CtVolume ct, AnatomyResult anatomy) =>
        _scorer.Score(ct, ScoringMask.Build(anatomy, Decision.AirwayMarginMm, Decision.LungMarginMm, _scorer.Threads, Decision.MediastinumMarginMm));

    public void Dispose() => _scorer.Dispose();
}
