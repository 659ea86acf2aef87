using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Evaluation;

namespace ChestScreener.Training.Fitting;

/// <summary>One study on the model grid with its descriptors (channel-major), evaluation masks and patient, held during fitting.</summary>
public sealed record StudyFeatures(string Name, PreprocessedVolume Volume, float[] Descriptors, EvalMasks Masks, string Patient = "")
{
    public int Dim => Descriptors.Length / Volume.Count;

    /// <summary>Voxel AUROC of a score map: lesion-box voxels against the negative lung (NaN voxels are not scored).</summary>
    public double Auroc(float[] score)
    {
        var pos = new List<float>();
        var neg = new List<float>();
        for (int i = 0; i < score.Length; i++)
        {
            if (float.IsNaN(score[i])) continue;
            if (Masks.Lesion[i] != 0) pos.Add(score[i]);
            else if (Masks.NegativeLung[i] != 0) neg.Add(score[i]);
        }
        return global::ChestScreener.Model.Metrics.Auroc.FromGroups<float>(pos.ToArray(), neg.ToArray());
    }
}
