using ChestScreener.Imaging;

namespace ChestScreener.Pipeline.Stages;

/// <summary>Ingest + passport: turns the inputs of one study into a CT volume in HU, or throws <see cref="ScreenerException"/>.</summary>
public interface IVolumeSource
{
    CtVolume Load(IReadOnlyList<string> inputs);
}
