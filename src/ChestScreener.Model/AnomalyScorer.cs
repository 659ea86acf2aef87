using ChestScreener.Imaging;

namespace ChestScreener.Model;

/// <summary>Runs preprocessing, the ONNX descriptor (sliding window) and the density model: an anomaly score in [0,1] per voxel of the CT grid.</summary>
public sealed class AnomalyScorer : IDisposable
{
    public AnomalyScorer(ModelPackage model, int threads = 2)
    {
        Model = model;
        Threads = threads;
    }

    public ModelPackage Model { get; }
    public int Threads { get; }

    /// <summary>Scores every voxel of <paramref name="ct"/>; 0 outside <paramref name="body"/> when given.</summary>
    public Volume<float> Score(CtVolume ct, Volume<byte>? body = null) =>
        throw new NotImplementedException("AnomalyScorer.Score is being written (issue 4)");

    public void Dispose() { }
}
