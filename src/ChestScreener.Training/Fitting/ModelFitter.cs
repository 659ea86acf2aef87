using System.Diagnostics;
using ChestScreener.Model;
using ChestScreener.Model.Calibration;
using ChestScreener.Training.Data;

namespace ChestScreener.Training.Fitting;

/// <summary>
/// Turns a training run into a model package, in steps: ONNX export, descriptors of every manifest study through ONNX
/// Runtime (the inference path, cached), the sweep of density variants of the fit configuration (each fitted on normal
/// voxels, scored through the inference code, measured by voxel AUROC on the lesion boxes), the shipped variant and its
/// smoothing, threshold and growth calibration, diagnostics, model.json.
/// </summary>
public sealed class ModelFitter(TextWriter log)
{
    public int Run(FitPaths paths, FitOptions o)
    {
        FitOptionsValidator.Check(o);
        var total = Stopwatch.StartNew();
        var inputs = FitInputs.Load(paths.RunDirectory);
        var prep = inputs.Preprocessing;
        Directory.CreateDirectory(paths.OutDirectory);
        TorchSharp.torch.set_num_threads(o.Threads);
        var onnxPath = DescriptorExport.Export(paths.RunDirectory, inputs, paths.OutDirectory, log);
        var descriptor = inputs.Descriptor(o);
        var manifest = Manifest.Read(paths.Manifest);
        var studies = FitStudyLoader.Load(manifest, paths, inputs, onnxPath, descriptor, o, log);

        var report = new Dictionary<string, object>();
        var sweep = new VariantSweep(studies, prep, o, inputs.Run.Dim, log);
        var fits = sweep.FitAll(o.SelectedVariants(), report);
        var chosen = ChooseVariant(fits, o.Variant);
        var smoothing = SmoothingChoice.Choose(studies, chosen, o, log);
        var shipped = chosen.Model with { SmoothingMm = smoothing.SigmaMm };
        // The variants' maps cover the body (smoothing needs it); what is scored is the region. Without smoothing the
        // shipped maps are the variant's own (the same arrays), so the limit applies to those too, as it always has.
        var shippedNll = smoothing.Maps;
        for (int si = 0; si < studies.Count; si++)
        {
            AnomalyScorer.LimitTo(shippedNll[si], studies[si].Masks.Scored);
            if (o.MirrorReferenceMm > 0) MirrorReference.Apply(shippedNll[si], studies[si].Volume, o.MirrorReferenceMm, o.Threads);
        }
        report["smoothing"] = smoothing.Report;

        var (calibration, calibrationNll, calibrationRaw) = CalibrateThreshold(o, studies, sweep, chosen, shipped, shippedNll, prep.SpacingMm, report);
        log.WriteLine($"shipped {chosen.Variant.Name}, smoothing {smoothing.SigmaMm:F1} mm; calibration: median {calibration.NllMedian:F2}, threshold NLL {calibration.NllAtThreshold:F2} (percentile {calibration.Percentile:F4}), scale {calibration.Scale:F2}");
        List<float[]>? growthNll = null;
        if (o.GrowthSmoothingMm >= 0) (calibration, growthNll) = CalibrateGrowth(o, studies, chosen, calibration, calibrationNll, calibrationRaw, prep.SpacingMm);

        var (finalAuroc, volumes) = FitDiagnostics.Run(studies, shippedNll, growthNll, calibration, prep.SpacingMm, log);
        report["final_auroc"] = finalAuroc;
        report["shipped_variant"] = chosen.Variant.Name;
        report["calibration_folds"] = o.CalibrationFolds;
        report["shipped_smoothing_mm"] = smoothing.SigmaMm;
        report["volumes"] = volumes;
        report["training"] = new Dictionary<string, object> { ["steps"] = inputs.State.Step, ["minutes"] = Math.Round(inputs.State.ElapsedSeconds / 60, 1), ["final_loss"] = inputs.State.LastLoss };
        PackageWriter.Write(paths, o, inputs, descriptor, manifest, shipped, chosen.Variant.Name, calibration, report);
        log.WriteLine($"wrote {paths.OutDirectory} in {total.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    /// <summary>
    /// The shipped variant: forced by name, or ("auto") the descriptor variant with the best mean AUROC, the earlier on a
    /// tie. Without held-out lesion data this choice is made on the same boxes the card reports; the card says so.
    /// </summary>
    public static VariantFit ChooseVariant(IReadOnlyList<VariantFit> fits, string variant) =>
        variant != "auto"
            ? fits.FirstOrDefault(f => f.Variant.Name == variant) ?? throw new FitConfigException($"variant {variant} was not fitted")
            : fits.Where(f => f.Variant.UsesDescriptor).MaxBy(f => f.MeanAuroc) ?? throw new FitConfigException("variant auto: no descriptor variant was fitted");

    /// <summary>
    /// Fit step 5: the threshold from the normal voxels of the shipped maps (in-sample) or, with calibration folds, of
    /// maps from mixtures fitted without each study's patient, smoothed and limited as the shipped ones.
    /// </summary>
    /// <returns>The calibration, the maps it was set on, and their unsmoothed body-wide originals (growth smooths those on its own).</returns>
    private (ScoreCalibration, List<float[]> Nll, List<float[]> Raw) CalibrateThreshold(FitOptions o, List<StudyFeatures> studies, VariantSweep sweep, VariantFit chosen,
        Model.Density.DensityModel shipped, List<float[]> shippedNll, double spacingMm, Dictionary<string, object> report)
    {
        var nll = shippedNll;
        var raw = chosen.Nll;
        if (o.CalibrationFolds >= 2)
        {
            raw = sweep.CrossFittedNll(chosen.Variant, shipped, o.CalibrationFolds);
            nll = raw.Select(n => (float[])n.Clone()).ToList();
            for (int si = 0; si < studies.Count; si++)
            {
                if (shipped.SmoothingMm > 0) AnomalyScorer.Smooth(nll[si], studies[si].Volume, shipped.SmoothingMm, o.EdgeMarginMm, o.Threads);
                AnomalyScorer.LimitTo(nll[si], studies[si].Masks.Scored);
            }
            if (o.MirrorReferenceMm > 0)
            {
                // The same maps without the reference: the lever's baseline, so that one fit measures both rules.
                var plain = ThresholdCalibrator.Calibrate(studies, nll, spacingMm, new DecisionThresholds(), o.NormalVolumeFraction);
                report["calibration_without_mirror"] = plain;
                log.WriteLine($"calibration without the mirror reference: median {plain.NllMedian:F2}, threshold NLL {plain.NllAtThreshold:F2} (percentile {plain.Percentile:F4}), scale {plain.Scale:F2}");
                for (int si = 0; si < studies.Count; si++) MirrorReference.Apply(nll[si], studies[si].Volume, o.MirrorReferenceMm, o.Threads);
            }
        }
        var calibration = ThresholdCalibrator.Calibrate(studies, nll, spacingMm, new DecisionThresholds(), o.NormalVolumeFraction);
        return (o.MirrorReferenceMm > 0 ? calibration with { MirrorReferenceMm = o.MirrorReferenceMm } : calibration, nll, raw);
    }

    /// <summary>Fit step 6: the low map regions grow in (the shipped variant's map lightly smoothed within the scored voxels) and the region threshold raised for growth.</summary>
    private (ScoreCalibration, List<float[]> GrowthNll) CalibrateGrowth(FitOptions o, List<StudyFeatures> studies, VariantFit chosen, ScoreCalibration withoutGrowth,
        List<float[]> calibrationNll, List<float[]> calibrationRaw, double spacingMm)
    {
        List<float[]> Grown(List<float[]> maps) =>
            studies.Select((s, si) => AnomalyScorer.SmoothedWithin(maps[si], s.Volume, s.Masks.Scored, o.GrowthSmoothingMm, o.EdgeMarginMm, o.Threads)).ToList();
        var growthNll = Grown(chosen.Nll);
        var calibrationGrowth = ReferenceEquals(calibrationRaw, chosen.Nll) ? growthNll : Grown(calibrationRaw);
        var calibration = GrowthCalibrator.Calibrate(studies, calibrationNll, calibrationGrowth, withoutGrowth, o.GrowthSmoothingMm, o.GrowthPercentile, new DecisionThresholds(),
            o.NormalVolumeFraction, spacingMm, o.LesionRegionsCount);
        var g = calibration.Growth!;
        log.WriteLine($"growth: smoothing {g.SmoothingMm:F1} mm, low threshold NLL {g.NllAtThreshold:F2} (percentile {g.Percentile}), median {g.NllMedian:F2}; regions need NLL above {calibration.NllAtThreshold:F2} (percentile {calibration.Percentile:F4})");
        return (calibration, growthNll);
    }
}
