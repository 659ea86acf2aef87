using System.Globalization;
using ChestScreener.Model.Calibration;
using ChestScreener.Training.Evaluation;

namespace ChestScreener.Training.Fitting;

/// <summary>
/// Fit step 7: what the shipped scores do on the fitted studies, for the log and fit-report.json: AUROC with and
/// without growth, anomalous volume in normal tissue and in the lesion boxes, where the false-positive tail lies.
/// </summary>
public static class FitDiagnostics
{
    /// <param name="nll">The shipped maps (smoothed, limited to the scored voxels).</param>
    /// <param name="growthNll">The maps regions grow in, or null without growth.</param>
    /// <returns>fit-report.json's "final_auroc" (per study) and "volumes" (anomalous volume in normal tissue and in lesion boxes, per study).</returns>
    public static (Dictionary<string, object> FinalAuroc, Dictionary<string, object> Volumes) Run(IReadOnlyList<StudyFeatures> studies, IReadOnlyList<float[]> nll,
        IReadOnlyList<float[]>? growthNll, ScoreCalibration calibration, double spacingMm, TextWriter log)
    {
        var scores = studies.Select((s, si) => RegionScores.Score(nll[si], growthNll?[si], calibration, s.Volume.SizeX, s.Volume.SizeY, s.Volume.SizeZ)).ToList();
        var finalAuroc = studies.Select((s, si) => s.Auroc(scores[si])).ToArray();
        var mapAuroc = studies.Select((s, si) => s.Auroc(RegionScores.Score(nll[si], null, calibration, s.Volume.SizeX, s.Volume.SizeY, s.Volume.SizeZ))).ToArray();
        log.WriteLine($"  AUROC of the scores {string.Join(", ", studies.Select((s, i) => $"{s.Name} {finalAuroc[i]:F3}"))}; without growth {string.Join(", ", mapAuroc.Select(a => a.ToString("F3")))}");
        var final = studies.Select((s, i) => (s.Name, finalAuroc[i])).ToDictionary(t => t.Name, t => (object)Math.Round(t.Item2, 4));
        var perStudy = new Dictionary<string, object>();
        for (int si = 0; si < studies.Count; si++)
        {
            var s = studies[si];
            var (normalVol, lesionVol) = AnomalousVolumes(s, scores[si], calibration.ScoreAtThreshold, Math.Pow(spacingMm, 3));
            LogTopNormal(s, nll[si], calibration, log);
            LogTopComponent(s, scores[si], calibration, log);
            perStudy[s.Name] = new Dictionary<string, double> { ["normal_anomalous_volume_mm3"] = Math.Round(normalVol), ["lesion_box_anomalous_volume_mm3"] = Math.Round(lesionVol) };
            log.WriteLine($"  {s.Name}: anomalous volume in normal tissue {normalVol:F0} mm3, in lesion boxes {lesionVol:F0} mm3");
        }
        return (final, perStudy);
    }

    /// <summary>Volume (mm3) of voxels scoring above the threshold in the study's normal tissue and in its lesion boxes.</summary>
    public static (double Normal, double Lesion) AnomalousVolumes(StudyFeatures s, float[] score, double threshold, double voxelMm3)
    {
        double normalVol = 0, lesionVol = 0;
        for (int i = 0; i < score.Length; i++)
        {
            if (!(score[i] > threshold)) continue;
            if (s.Masks.NormalBody[i] != 0) normalVol += voxelMm3;
            if (s.Masks.Lesion[i] != 0) lesionVol += voxelMm3;
        }
        return (normalVol, lesionVol);
    }

    /// <summary>Where the highest-scoring normal voxels are (grid index and place in the body box): the false-positive tail.</summary>
    private static void LogTopNormal(StudyFeatures s, float[] nll, ScoreCalibration cal, TextWriter log)
    {
        var pv = s.Volume;
        var idx = Enumerable.Range(0, nll.Length).Where(i => s.Masks.NormalBody[i] != 0 && !float.IsNaN(nll[i])).OrderByDescending(i => nll[i]).Take(400).ToList();
        var lesion = Enumerable.Range(0, nll.Length).Where(i => s.Masks.Lesion[i] != 0 && !float.IsNaN(nll[i])).Select(i => nll[i]).OrderDescending().ToList();
        log.WriteLine($"  {s.Name}: lesion-box NLL max {(lesion.Count > 0 ? lesion[0] : float.NaN):F1}, 99th pct {(lesion.Count > 0 ? lesion[lesion.Count / 100] : float.NaN):F1}; threshold {cal.NllAtThreshold:F1}; top normal voxels (x,y,z of {pv.SizeX}x{pv.SizeY}x{pv.SizeZ}, body box {string.Join(",", pv.BodyBox)}):");
        var pos = new float[3];
        var seen = new List<(int X, int Y, int Z)>();
        foreach (int i in idx)
        {
            int x = i % pv.SizeX, y = i / pv.SizeX % pv.SizeY, z = i / (pv.SizeX * pv.SizeY);
            if (seen.Any(p => Math.Abs(p.X - x) + Math.Abs(p.Y - y) + Math.Abs(p.Z - z) < 6)) continue;
            seen.Add((x, y, z));
            pv.Position(x, y, z, pos);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    NLL {nll[i]:F1} at ({x},{y},{z}) body-box pos ({pos[0]:F2},{pos[1]:F2},{pos[2]:F2}) intensity {pv.Intensity[i]:F2}"));
            if (seen.Count >= 8) break;
        }
    }

    /// <summary>The highest-ranked above-threshold components (26-connected and ranked by score sum, as the findings stage does, but on the model grid) and whether they touch a lesion box.</summary>
    private static void LogTopComponent(StudyFeatures s, float[] score, ScoreCalibration cal, TextWriter log)
    {
        var pv = s.Volume;
        var comps = Components.Find(score, pv.SizeX, pv.SizeY, pv.SizeZ, (float)cal.ScoreAtThreshold);
        double voxelMm3 = Math.Pow(pv.Geometry.Spacing.X, 3);
        foreach (var (c, rank) in comps.Take(3).Select((c, r) => (c, r + 1)))
        {
            int inLesion = c.Indices.Count(i => s.Masks.Lesion[i] != 0);
            var centre = pv.Geometry.IndexToLps((c.Min[0] + c.Max[0]) * 0.5, (c.Min[1] + c.Max[1]) * 0.5, (c.Min[2] + c.Max[2]) * 0.5);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {s.Name}: component #{rank} {c.Voxels * voxelMm3:F0} mm3, score sum {c.ScoreSum:F1}, max {c.MaxScore:F2}, box ({string.Join(",", c.Min)})-({string.Join(",", c.Max)}), centre LPS ({centre.X:F0},{centre.Y:F0},{centre.Z:F0}) mm, {inLesion} voxels in a lesion box"));
        }
        if (comps.Count == 0) log.WriteLine($"  {s.Name}: no voxel above the threshold");
    }
}
