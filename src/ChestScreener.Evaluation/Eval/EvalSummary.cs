using ChestScreener.Evaluation.Metrics;
using ChestScreener.Model;
using ChestScreener.Pipeline;
using ChestScreener.Results;

namespace ChestScreener.Evaluation.Eval;

/// <summary>Turns per-study outcomes into the set-level numbers of eval.json.</summary>
public static class EvalSummary
{
    /// <summary>Size bands of the detection table (upper bounds, mm).</summary>
    private static readonly (double Upper, string Name)[] SizeBands = [(8, "< 8 mm"), (15, "8-15 mm"), (25, "15-25 mm"), (double.MaxValue, "≥ 25 mm")];

    /// <summary>Lesion size bands of the per-lesion table: lower bound inclusive, upper exclusive (mm).</summary>
    public static readonly (double Lower, double Upper, string Name)[] LesionBands = [(20, double.MaxValue, "≥ 20 mm"), (10, 20, "10-20 mm"), (6, 10, "6-10 mm")];

    public static EvalReport Aggregate(EvalOptions o, PipelineOptions p, DecisionThresholds d, ModelInfo model, List<StudyOutcome> all, ScoreHistogram pooled, double wallSeconds)
    {
        // Re-sliced runs of the same studies are reported per lesion band only; every study-level number is on the studies as stored.
        var outcomes = all.Where(s => s.ResliceMm is null).ToList();
        var chest = outcomes.Where(s => s.Label is "normal" or "pathology").ToList();
        var scores = chest.Select(StudyScore).ToArray();
        var positive = chest.Select(s => s.Label == "pathology").ToArray();
        bool both = positive.Contains(true) && positive.Contains(false);
        var called = chest.Select(s => !s.SetAside).ToArray();
        var pathology = chest.Where(s => s.Label == "pathology").ToList();
        var withTruth = pathology.Where(s => s.TopFindingHit is not null).ToList();
        var rejects = outcomes.Where(s => s.Label == "reject").ToList();
        var times = chest.Where(s => s.Status == ResultStatus.Ok && s.TotalSeconds is not null).Select(s => s.TotalSeconds!.Value).OrderBy(t => t).ToList();
        var voxel = pathology.Where(s => s.VoxelAuc is not null).Select(s => s.VoxelAuc!.Value).ToList();
        return new EvalReport
        {
            Manifest = Path.GetFullPath(o.ManifestPath),
            Model = $"{model.Name} {model.Version}",
            SlabMode = o.Slabs,
            Normals = chest.Count(s => s.Label == "normal"),
            Pathologies = pathology.Count,
            Rejects = rejects.Count,
            StudyAuc = both ? Round(Bootstrap.AucInterval(scores, positive, o.BootstrapResamples, o.Seed)) : null,
            Shipped = OperatingPoint.FromCalls(called, positive, d.VolumeLimitMm3),
            ShippedVolumeLimitMm3 = d.VolumeLimitMm3,
            AtTargetSensitivity = both ? OperatingPoint.ForSensitivity(scores, positive, o.TargetSensitivity) : null,
            TargetSensitivity = o.TargetSensitivity,
            VoxelAucPooled = pooled.PositiveCount > 0 ? Math.Round(pooled.Auc(), 4) : null,
            VoxelAucMean = voxel.Count > 0 ? Math.Round(voxel.Average(), 4) : null,
            TopFindingHitRate = withTruth.Count > 0 ? (double)withTruth.Count(s => s.TopFindingHit == true) / withTruth.Count : null,
            AnyFindingHitRate = withTruth.Count > 0 ? (double)withTruth.Count(s => s.AnyFindingHit == true) / withTruth.Count : null,
            ByKind = pathology.GroupBy(s => s.Kind).Select(g => Group(g.Key, g.ToList())).OrderBy(g => g.Group).ToList(),
            BySize = pathology.Where(s => s.SizeMm is not null && s.Kind is "solid_nodule" or "part_solid_nodule" or "ground_glass_nodule")
                .GroupBy(s => Band(s.SizeMm!.Value)).Select(g => Group("nodules " + g.Key, g.ToList())).ToList(),
            GateRejectAccuracy = rejects.Count > 0 ? (double)rejects.Count(s => s.Status == ResultStatus.Rejected) / rejects.Count : null,
            GatePassRate = chest.Count > 0 ? (double)chest.Count(s => s.Status == ResultStatus.Ok) / chest.Count : null,
            MedianSecondsPerStudy = times.Count > 0 ? times[times.Count / 2] : null,
            MeanSecondsPerStudy = times.Count > 0 ? Math.Round(times.Average(), 2) : null,
            WallSeconds = Math.Round(wallSeconds, 1),
            Studies = all,
            LesionDetection = LesionDetection(all),
        };
    }

    private static List<LesionBandDetection> LesionDetection(List<StudyOutcome> all) =>
        all.Where(s => s.Lesions.Count > 0).GroupBy(s => s.ResliceMm).OrderBy(g => g.Key ?? 0).SelectMany(g =>
        {
            var lesions = g.SelectMany(s => s.Lesions).ToList();
            return LesionBands.Select(b =>
            {
                var inBand = lesions.Where(l => l.DiameterMm >= b.Lower && l.DiameterMm < b.Upper).ToList();
                return new LesionBandDetection(b.Name, g.Key, inBand.Count, inBand.Count(l => l.Flagged));
            });
        }).ToList();

    /// <summary>Anomalous volume; a chest study without a score (rejected/failed) ranks above every scored one: it goes to a reader.</summary>
    public static double StudyScore(StudyOutcome s) => s.Status == ResultStatus.Ok ? s.AnomalousVolumeMm3 ?? 0 : double.PositiveInfinity;

    private static GroupDetection Group(string name, List<StudyOutcome> g)
    {
        var auc = g.Where(s => s.VoxelAuc is not null).Select(s => s.VoxelAuc!.Value).ToList();
        var vols = g.Select(s => s.AnomalousVolumeMm3 ?? 0).OrderBy(v => v).ToList();
        return new GroupDetection(name, g.Count, g.Count(s => !s.SetAside), g.Count(s => s.TopFindingHit == true),
            auc.Count > 0 ? Math.Round(auc.Average(), 3) : null, vols.Count > 0 ? vols[vols.Count / 2] : 0);
    }

    private static string Band(double size)
    {
        foreach (var (upper, name) in SizeBands) if (size < upper) return name;
        return SizeBands[^1].Name;
    }

    private static ConfidenceInterval Round(ConfidenceInterval c) =>
        c with { Estimate = Math.Round(c.Estimate, 4), Lower = Math.Round(c.Lower, 4), Upper = Math.Round(c.Upper, 4) };
}
