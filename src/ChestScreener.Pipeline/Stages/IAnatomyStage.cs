using ChestScreener.Anatomy;
using ChestScreener.Imaging;

namespace ChestScreener.Pipeline.Stages;

/// <summary>Anatomy + chest gate: region labels on the CT grid, or a <see cref="ScreenerException"/> (not_chest, incomplete_series).</summary>
public interface IAnatomyStage
{
    AnatomyResult Analyze(CtVolume ct, int threads);
}
