using ChestScreener.Anatomy;
using ChestScreener.Evaluation.Metrics;
using ChestScreener.Imaging;
using ChestScreener.Results;

namespace ChestScreener.Evaluation.Eval;

/// <summary>Whether one lesion was flagged: some of its voxels score above the voxel threshold inside a listed finding.</summary>
public sealed record LesionOutcome(int Id, double DiameterMm, string Kind, bool Flagged);

/// <summary>What the score map says about a study's lesions and its lesion-free tissue.</summary>
public sealed record LesionScores(IReadOnlyList<LesionOutcome> Lesions, double LesionFreeAnomalousMm3, double? LungFieldAuc, ScoreHistogram LungField);

/// <summary>
/// The measures of a patient-level evaluation, computed on the CT grid from the pipeline's own outputs:
/// <list type="bullet">
/// <item>a lesion is flagged when at least one of its voxels scores above the voxel threshold inside the box of a
/// finding of result.json (the findings are the regions the report lists, so a sub-threshold speck does not count);</item>
/// <item>lesion-free anomalous volume: voxels above the threshold inside findings, farther than 15 mm from every
/// lesion; this is the false-positive volume a normal study would carry;</item>
/// <item>lung-field voxel AUROC: lesion voxels against lung voxels (anatomy's lung labels) farther than 15 mm from
/// every lesion — the question "does the map rank a lesion above the normal lung around it".</item>
/// </list>
/// </summary>
public static class LesionScoring
{
    public static LesionScores Measure(LesionTruth truth, Volume<float> scores, AnatomyResult? anatomy, IReadOnlyList<Finding> findings, double voxelThreshold)
    {
        var g = scores.Geometry;
        var inFinding = new byte[scores.Data.Length];
        foreach (var f in findings)
        {
            int[] lo = f.BboxVoxel.Min, hi = f.BboxVoxel.Max;
            for (int z = Math.Max(0, lo[2]); z <= Math.Min(g.SizeZ - 1, hi[2]); z++)
                for (int y = Math.Max(0, lo[1]); y <= Math.Min(g.SizeY - 1, hi[1]); y++)
                    for (int x = Math.Max(0, lo[0]); x <= Math.Min(g.SizeX - 1, hi[0]); x++)
                        inFinding[g.Index(x, y, z)] = 1;
        }
        var flagged = new bool[256];
        long freeVoxels = 0;
        var lungField = new ScoreHistogram();
        var s = scores.Data;
        var labels = anatomy?.Labels.Data;
        for (long i = 0; i < s.Length; i++)
        {
            byte lesion = truth.Labels[i];
            bool above = s[i] > voxelThreshold;
            if (lesion != 0)
            {
                if (above && inFinding[i] != 0) flagged[lesion] = true;
                lungField.Add(s[i], true);
                continue;
            }
            if (truth.Near[i] != 0) continue;
            if (above && inFinding[i] != 0) freeVoxels++;
            if (labels is not null && RegionMap.IsLung(labels[i])) lungField.Add(s[i], false);
        }
        var outcomes = truth.Lesions.Select(l => new LesionOutcome(l.Id, l.DiameterMm, l.Kind, flagged[l.Id])).ToList();
        double? auc = lungField.PositiveCount > 0 && lungField.NegativeCount > 0 ? Math.Round(lungField.Auc(), 4) : null;
        return new LesionScores(outcomes, Math.Round(freeVoxels * g.VoxelVolumeMm3), auc, lungField);
    }
}
