using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Model;
using ChestScreener.Pipeline.Stages;
using ChestScreener.Results;

namespace ChestScreener.Evaluation.Eval;

/// <summary>Pipeline stage wrappers that keep the last study's CT, anatomy and score map, so the evaluation can compare them with the truth without a second run.</summary>
internal sealed class CapturingStages
{
    public CapturingStages(IVolumeSource source, IAnatomyStage anatomy, IAnomalyStage anomaly)
    {
        Source = new SourceTap(source, this);
        Anatomy = new AnatomyTap(anatomy, this);
        Anomaly = new AnomalyTap(anomaly, this);
    }

    public IVolumeSource Source { get; }
    public IAnatomyStage Anatomy { get; }
    public IAnomalyStage Anomaly { get; }
    public CtVolume? Ct { get; private set; }
    public AnatomyResult? AnatomyResult { get; private set; }
    public Volume<float>? Scores { get; private set; }

    public void Clear() { Ct = null; AnatomyResult = null; Scores = null; }

    private sealed class SourceTap(IVolumeSource inner, CapturingStages owner) : IVolumeSource
    {
        public CtVolume Load(IReadOnlyList<string> inputs) => owner.Ct = inner.Load(inputs);
    }

    private sealed class AnatomyTap(IAnatomyStage inner, CapturingStages owner) : IAnatomyStage
    {
        public AnatomyResult Analyze(CtVolume ct, int threads) => owner.AnatomyResult = inner.Analyze(ct, threads);
    }

    private sealed class AnomalyTap(IAnomalyStage inner, CapturingStages owner) : IAnomalyStage
    {
        public ModelInfo Model => inner.Model;
        public DecisionThresholds Decision => inner.Decision;
        public Volume<float> Score(CtVolume ct, AnatomyResult anatomy) => owner.Scores = inner.Score(ct, anatomy);
        public void Dispose() => inner.Dispose();
    }
}
