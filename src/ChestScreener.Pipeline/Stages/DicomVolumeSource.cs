using ChestScreener.Dicom;
using ChestScreener.Imaging;

namespace ChestScreener.Pipeline.Stages;

/// <summary>The real ingest: <see cref="StudyReader.Read"/> with the pipeline's read options.</summary>
public sealed class DicomVolumeSource(ReadOptions? options = null) : IVolumeSource
{
    public CtVolume Load(IReadOnlyList<string> inputs) => StudyReader.Read(inputs, options);
}
