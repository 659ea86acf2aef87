using ChestScreener.Imaging.Geometry;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Data;

namespace ChestScreener.Training.Evaluation;

/// <summary>
/// Evaluation masks on the model grid: lesion boxes, a threshold lung mask (body voxels below -500 HU, i.e. lungs
/// and airways; no anatomy stage needed) and the negatives (lung outside every lesion box widened by 15 mm).
/// </summary>
public sealed class EvalMasks
{
    public required byte[] Lesion { get; init; }
    public required byte[] Lung { get; init; }
    public required byte[] NegativeLung { get; init; }
    /// <summary>Body voxels outside the widened boxes: the normal tissue of the study.</summary>
    public required byte[] NormalBody { get; init; }
    /// <summary>Voxels the pipeline scores (body less the unscored parts of the model's scoring mask).</summary>
    public required byte[] Scored { get; init; }

    /// <param name="scored">Model-grid voxels that get a score (PreprocessedVolume.SampleMask of the scoring mask); others are left out of every mask.</param>
    public static EvalMasks Build(PreprocessedVolume pv, IReadOnlyList<LpsBox> lesions, PreprocessingConfig prep, byte[]? scored = null, double dilateMm = 15)
    {
        int n = pv.Count;
        var lesion = new byte[n];
        var near = new byte[n];
        BoxMask.Mark(pv.Geometry, lesions, 0, lesion);
        BoxMask.Mark(pv.Geometry, lesions, dilateMm, near);
        float lungLevel = (float)((-500 - prep.HuMin) / (prep.HuMax - prep.HuMin));
        var lung = new byte[n];
        var neg = new byte[n];
        var normal = new byte[n];
        var inScore = new byte[n];
        for (int i = 0; i < n; i++)
        {
            if (pv.Body[i] == 0) continue;
            if (scored != null && scored[i] == 0) { lesion[i] = 0; continue; }
            inScore[i] = 1;
            if (pv.Intensity[i] < lungLevel) lung[i] = 1;
            if (near[i] == 0)
            {
                normal[i] = 1;
                if (lung[i] != 0) neg[i] = 1;
            }
        }
        return new EvalMasks { Lesion = lesion, Lung = lung, NegativeLung = neg, NormalBody = normal, Scored = inScore };
    }

    /// <summary>Marks model-grid voxels whose centre lies in any (dilated) LPS box.</summary>
    public static Vec3 Centre(LpsBox b) => (b.Min + b.Max) * 0.5;
}
