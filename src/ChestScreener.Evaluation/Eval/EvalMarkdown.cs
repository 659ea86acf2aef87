using System.Globalization;
using System.Text;
using ChestScreener.Evaluation.Metrics;
using ChestScreener.Results;

namespace ChestScreener.Evaluation.Eval;

/// <summary>summary.md: the evaluation in tables a reader can paste into docs.</summary>
public static class EvalMarkdown
{
    public static string Render(EvalReport r)
    {
        var sb = new StringBuilder();
        void L(FormattableString s) => sb.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        L($"# Evaluation: {r.Model}");
        L($"");
        L($"Set: `{r.Manifest}` — {r.Normals} normal, {r.Pathologies} lesion, {r.Rejects} must-reject studies{(r.SlabMode ? " (slab mode: coverage ≥ 60 mm, gate's cut-off rule off)" : "")}.");
        L($"");
        L($"| measure | value |");
        L($"|---|---|");
        if (r.StudyAuc is { } a) L($"| study-level AUROC (anomalous volume), 95% bootstrap CI | {a.Estimate:0.000} ({a.Lower:0.000}-{a.Upper:0.000}), {a.Resamples} stratified resamples |");
        L($"| shipped limit {r.ShippedVolumeLimitMm3:0} mm3: sensitivity / specificity | {Op(r.Shipped)} |");
        if (r.AtTargetSensitivity is { } t) L($"| limit keeping sensitivity ≥ {r.TargetSensitivity:0.00} ({t.Threshold:0} mm3): sensitivity / specificity | {Op(t)} |");
        if (r.VoxelAucPooled is { } vp) L($"| voxel AUROC, lesion vs. rest of body: pooled / mean per study | {vp:0.000} / {r.VoxelAucMean:0.000} |");
        if (r.TopFindingHitRate is { } th) L($"| top finding on the lesion / any finding on it | {th:P0} / {r.AnyFindingHitRate:P0} |");
        if (r.GateRejectAccuracy is { } g) L($"| must-reject inputs rejected | {g:P0} of {r.Rejects} |");
        if (r.GatePassRate is { } gp) L($"| chest studies passing passport + gate | {gp:P0} |");
        if (r.MedianSecondsPerStudy is { } m) L($"| time per study: median / mean | {m:0.0} s / {r.MeanSecondsPerStudy:0.0} s (wall {r.WallSeconds:0} s for the set) |");
        L($"");
        L($"## Detection by lesion kind");
        L($"");
        Groups(sb, r.ByKind);
        if (r.BySize.Count > 0)
        {
            L($"## Nodules by size");
            L($"");
            Groups(sb, r.BySize);
        }
        var masked = r.Studies.Where(s => s.LungFieldAuc is not null || s.Lesions.Count > 0).ToList();
        if (masked.Count > 0)
        {
            L($"## Per patient (lesion masks)");
            L($"");
            L($"Lesion-free = farther than 15 mm from every lesion; lung-field AUROC = lesion voxels vs. lung voxels beyond 15 mm; a lesion is flagged when a finding holds some of its voxels above the voxel threshold.");
            L($"");
            L($"| study | patient | fold | slices | verdict | lesion-free anomalous mm3 | lung-field AUROC | ≥ 20 mm flagged | 10-20 mm | 6-10 mm | top finding on a lesion |");
            L($"|---|---|---|---|---|---:|---:|---:|---:|---:|---|");
            foreach (var s in masked)
            {
                string Band(double lo, double hi) { var b = s.Lesions.Where(l => l.DiameterMm >= lo && l.DiameterMm < hi).ToList(); return b.Count == 0 ? "–" : $"{b.Count(l => l.Flagged)}/{b.Count}"; }
                string slices = s.ResliceMm is double mm ? $"{mm:0.#} mm" : "as stored";
                string verdict = s.Status == ResultStatus.Ok ? s.Verdict?.ToWire() ?? "" : $"{s.Status.ToWire()} ({s.RejectionCode})";
                string top = s.TopFindingHit is bool h ? h ? "yes" : "no" : "";
                L($"| {s.Study} | {s.Patient} | {s.Fold} | {slices} | {verdict} | {s.LesionFreeAnomalousMm3:0} | {s.LungFieldAuc:0.000} | {Band(20, double.MaxValue)} | {Band(10, 20)} | {Band(6, 10)} | {top} |");
            }
            L($"");
            L($"| lesion band | slices | lesions | flagged |");
            L($"|---|---|---:|---:|");
            foreach (var b in r.LesionDetection) L($"| {b.Band} | {(b.ResliceMm is double mm ? $"{mm:0.#} mm" : "as stored")} | {b.Lesions} | {b.Flagged} |");
            L($"");
        }
        L($"## Studies");
        L($"");
        L($"| study | label | status | verdict | anomalous mm3 | findings | top finding | hit | voxel AUROC | s |");
        L($"|---|---|---|---|---:|---:|---|---|---:|---:|");
        foreach (var s in r.Studies)
        {
            string status = s.Status == ResultStatus.Ok ? "ok" : $"{s.Status.ToWire()} ({s.RejectionCode})";
            string hit = s.TopFindingHit is bool h ? h ? "yes" : "no" : "";
            L($"| {s.Study} | {s.Label} | {status} | {s.Verdict?.ToWire() ?? ""} | {s.AnomalousVolumeMm3:0} | {s.Findings} | {s.TopFindingRegion ?? ""} | {hit} | {s.VoxelAuc:0.000} | {s.TotalSeconds:0.0} |");
        }
        return sb.ToString();
    }

    private static void Groups(StringBuilder sb, List<GroupDetection> groups)
    {
        sb.AppendLine("| group | studies | flagged (not set aside) | top finding on lesion | mean voxel AUROC | median anomalous mm3 |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var g in groups)
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {g.Group.Replace('_', ' ')} | {g.Studies} | {g.Flagged} | {g.TopFindingHits} | {g.MeanVoxelAuc:0.000} | {g.MedianAnomalousVolumeMm3:0} |"));
        sb.AppendLine();
    }

    private static string Op(OperatingPoint o) => string.Create(CultureInfo.InvariantCulture,
        $"{o.Sensitivity:0.00} ({o.TruePositives}/{o.TruePositives + o.FalseNegatives}) / {o.Specificity:0.00} ({o.TrueNegatives}/{o.TrueNegatives + o.FalsePositives})");
}
