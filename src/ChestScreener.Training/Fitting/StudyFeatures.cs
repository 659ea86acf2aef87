using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Evaluation;

namespace ChestScreener.Training.Fitting;

/// <summary>One study on the model grid with its descriptors (channel-major), evaluation masks and patient, held during fitting.</summary>
public sealed record StudyFeatures(string Name, PreprocessedVolume Volume, float[] Descriptors, EvalMasks Masks, string Patient = "")
{
    public int Dim => Descriptors.Length / Volume.Count;
}
