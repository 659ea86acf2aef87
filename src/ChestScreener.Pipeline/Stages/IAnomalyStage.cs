using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Model;
using ChestScreener.Results;

namespace ChestScreener.Pipeline.Stages;

/// <summary>The screener: an anomaly score in [0,1] per voxel of the CT grid, plus the model facts and thresholds that go with it.</summary>
public interface IAnomalyStage : IDisposable
{
    ModelInfo Model { get; }
    DecisionThresholds Decision { get; }
    Volume<float> Score(CtVolume ct, AnatomyResult anatomy);
}
