using ChestScreener.Model;

namespace ChestScreener.Training.Fitting;

/// <summary>
/// Fit step 4: the smoothing of the shipped NLL map, measured per candidate sigma by mean voxel AUROC; a candidate is
/// kept only when it beats the best so far by <see cref="FitOptions.SmoothingMinGain"/> (ties go to less smoothing).
/// </summary>
/// <param name="SigmaMm">The chosen sigma; 0 = none.</param>
/// <param name="Maps">The maps at that sigma: a smoothed copy, or the variant's own list (the same object) when none was kept.</param>
/// <param name="Report">Each candidate's per-study AUROC, for fit-report.json.</param>
public sealed record SmoothingChoice(double SigmaMm, List<float[]> Maps, Dictionary<string, object> Report)
{
    public static SmoothingChoice Choose(IReadOnlyList<StudyFeatures> studies, VariantFit chosen, FitOptions o, TextWriter log)
    {
        var report = new Dictionary<string, object>();
        double best = 0, bestAuroc = chosen.MeanAuroc;
        var maps = chosen.Nll;
        foreach (double sigma in o.SmoothingCandidatesMm)
        {
            if (sigma <= 0) continue;
            // Always from the unsmoothed maps, over the body as inference smooths: each candidate is one pass of its own sigma.
            var smoothed = chosen.Nll.Select(n => (float[])n.Clone()).ToList();
            for (int si = 0; si < studies.Count; si++)
                AnomalyScorer.Smooth(smoothed[si], studies[si].Volume, sigma, o.EdgeMarginMm, o.Threads);
            var a = studies.Select((s, i) => s.Auroc(smoothed[i])).ToArray();
            report[$"{sigma:F1}mm"] = a.Select(v => Math.Round(v, 4)).ToArray();
            log.WriteLine($"  smoothing {sigma:F1} mm: AUROC {string.Join(", ", a.Select(v => v.ToString("F3")))}");
            if (a.Average() > bestAuroc + o.SmoothingMinGain) { best = sigma; bestAuroc = a.Average(); maps = smoothed; }
        }
        return new SmoothingChoice(best, maps, report);
    }
}
