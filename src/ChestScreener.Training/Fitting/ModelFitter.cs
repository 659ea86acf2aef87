using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ChestScreener.Anatomy;
using ChestScreener.Model;
using ChestScreener.Model.Metrics;
using ChestScreener.Model.Calibration;
using ChestScreener.Model.Density;
using ChestScreener.Model.Inference;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Data;
using ChestScreener.Training.DensityFit;
using ChestScreener.Training.Evaluation;
using ChestScreener.Training.Export;
using ChestScreener.Training.Networks;
using ChestScreener.Training.Ssl;

namespace ChestScreener.Training.Fitting;

/// <summary>
/// Turns a training run into a model package: ONNX export, descriptors of every manifest study through ONNX Runtime
/// (the inference path), Gaussian mixtures for several density variants (intensity baseline / descriptor, without
/// context or conditioned on lung position and ring context) fitted on normal voxels and scored through the inference
/// code, voxel AUROC of each on the exclusion (lesion) boxes, NLL smoothing, calibration, model.json.
/// </summary>
public sealed class ModelFitter(TextWriter log)
{
    public sealed record Options
    {
        public required string Manifest { get; init; }
        public required string RunDirectory { get; init; }
        public required string OutDirectory { get; init; }
        public string Name { get; init; } = ModelPackage.DefaultName;
        public string Version { get; init; } = "1.0.0";
        public int Threads { get; init; } = 2;
        public int Window { get; init; } = 64;
        public double Overlap { get; init; } = 0.25;
        public int SamplesPerStudy { get; init; } = 60000;
        public int[] KCandidates { get; init; } = [16, 32];
        public int Iterations { get; init; } = 40;
        /// <summary>"auto" ships the descriptor variant with the best mean AUROC; a variant name forces it.</summary>
        public string Variant { get; init; } = "auto";
        /// <summary>Ring edges (mm) of the context features.</summary>
        public double[] RingsMm { get; init; } = [9, 24, 48];
        /// <summary>Probe distances (mm) of the enclosure context features (ContextSpec.ProbesMm).</summary>
        public double[] ProbesMm { get; init; } = [18, 30];
        public double[] SmoothingCandidatesMm { get; init; } = [6, 9];
        /// <summary>Central airways widened by this (mm) are not scored (model.json decision.airway_margin_mm); negative = scored.</summary>
        public double AirwayMarginMm { get; init; } = 6;
        /// <summary>Only lungs widened by this (mm) are scored (model.json decision.lung_margin_mm); negative = the whole body.</summary>
        public double LungMarginMm { get; init; } = 10;
        /// <summary>Unscored margin at the first and last slices (mm), see <see cref="DensityModel.EdgeMarginMm"/>.</summary>
        public double EdgeMarginMm { get; init; } = 12;
        /// <summary>Evaluate only these variants (empty = all); for quick refits during development.</summary>
        public string[] OnlyVariants { get; init; } = [];
        /// <summary>Normal studies' mean anomalous volume is calibrated to at most this fraction of the volume limit.</summary>
        public double NormalVolumeFraction { get; init; } = 1.0 / 3;
        /// <summary>Added to each component covariance's diagonal in EM (standardised feature units): larger = smoother density, steadier tail.</summary>
        public double Regularisation { get; init; } = 1e-3;
        /// <summary>EM starts per K for the descriptor densities; the best held-out likelihood wins (GmmFitter.SelectAndFit).</summary>
        public int Restarts { get; init; } = 1;
        /// <summary>Mixtures in the shipped density's ensemble, each on its own normal-voxel sample (DensityModel.Ensemble).</summary>
        public int Members { get; init; } = 1;
        /// <summary>Seed of the normal-voxel sampling.</summary>
        public int SampleSeed { get; init; } = 17;
        /// <summary>Seed of EM's k-means++ start (ensemble member m uses EmSeed + 1000 m).</summary>
        public int EmSeed { get; init; } = 5;
        /// <summary>Smoothing (mm) of the map that flagged regions grow in (GrowthCalibration); negative = no growth.</summary>
        public double GrowthSmoothingMm { get; init; } = 3;
        /// <summary>Percentile of normal voxels of that map where growth stops.</summary>
        public double GrowthPercentile { get; init; } = 99;
        /// <summary>GrowthCalibrator: whether regions peaking within a widened lesion box count as normal volume (1.2.0: yes).</summary>
        public bool LesionRegionsCount { get; init; }
        /// <summary>
        /// 0: the threshold is calibrated on the fitted studies' own normal tissue (in-sample, as 1.x did). k ≥ 2: the
        /// studies are split by patient into k groups and each group's normal tissue is scored by a mixture fitted
        /// without it; the threshold comes from those held-out maps (cross-fitted), as new patients will look.
        /// </summary>
        public int CalibrationFolds { get; init; }
    }

    public int Run(Options o)
    {
        var total = Stopwatch.StartNew();
        var runOptions = JsonSerializer.Deserialize<TrainOptions>(File.ReadAllText(Path.Combine(o.RunDirectory, DenseVicRegTrainer.OptionsFile)), ModelConfig.JsonOptions)!;
        var prep = JsonSerializer.Deserialize<PreprocessingConfig>(File.ReadAllText(Path.Combine(o.RunDirectory, "preprocessing.json")), ModelConfig.JsonOptions)!;
        var state = JsonSerializer.Deserialize<TrainState>(File.ReadAllText(Path.Combine(o.RunDirectory, DenseVicRegTrainer.StateFile)), ModelConfig.JsonOptions)!;
        Directory.CreateDirectory(o.OutDirectory);

        TorchSharp.torch.set_num_threads(o.Threads);
        var net = new UNet3d(2, runOptions.BaseChannels, runOptions.Levels, runOptions.Dim);
        net.load(Path.Combine(o.RunDirectory, DenseVicRegTrainer.DescriptorCheckpoint));
        net.eval();
        var onnxPath = Path.Combine(o.OutDirectory, "descriptor.onnx");
        File.WriteAllBytes(onnxPath, OnnxExporter.Export(net));
        log.WriteLine($"exported {onnxPath} ({new FileInfo(onnxPath).Length / 1024} KiB) from step {state.Step}");

        var descCfg = new DescriptorConfig
        {
            InChannels = 2, Dim = runOptions.Dim, WindowSize = o.Window, Overlap = o.Overlap,
            BaseChannels = runOptions.BaseChannels, Levels = runOptions.Levels, SizeDivisor = 1 << (runOptions.Levels - 1),
        };
        var manifest = Manifest.Read(o.Manifest);
        var studies = new List<StudyFeatures>();
        using (var runner = new DescriptorRunner(onnxPath, descCfg, prep, o.Threads))
        {
            foreach (var e in manifest.Entries)
            {
                var sw = Stopwatch.StartNew();
                var ct = VolumeLoader.Load(e.Path);
                var pv = Preprocessor.Run(ct, prep, o.Threads);
                // Voxels the pipeline will not score (central airways + margin, outside the lung fields) are left out of calibration and AUROC.
                byte[] scored = o.AirwayMarginMm >= 0 || o.LungMarginMm >= 0
                    ? pv.SampleMask(ScoringMask.Build(AnatomyAnalyzer.Analyze(ct, o.Threads), o.AirwayMarginMm, o.LungMarginMm, o.Threads))
                    : pv.Body;
                // Descriptors of a step are cached in the run folder: refitting densities then costs no forward passes.
                var cache = Path.Combine(o.RunDirectory, $"descriptors-{state.Step}-{e.Name}.f32");
                float[] desc;
                if (File.Exists(cache) && new FileInfo(cache).Length == (long)pv.Count * runOptions.Dim * sizeof(float))
                {
                    desc = new float[(long)pv.Count * runOptions.Dim];
                    using var f = File.OpenRead(cache);
                    f.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(desc.AsSpan()));
                }
                else
                {
                    desc = runner.Run(pv);
                    using var f = File.Create(cache);
                    f.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(desc.AsSpan()));
                }
                studies.Add(new StudyFeatures(e.Name, pv, desc, EvalMasks.Build(pv, e.Exclude, prep, scored), e.Patient));
                log.WriteLine($"descriptors {e.Path}: {sw.Elapsed.TotalSeconds:F1} s");
            }
        }

        var rng = new Random(o.SampleSeed);
        var samples = studies.Select(s => SampleNormal(s, o.SamplesPerStudy, rng)).ToList();
        var positionOnly = new ContextSpec { LungPosition = true };
        var ringsOnly = new ContextSpec { RingsMm = o.RingsMm };
        var full = new ContextSpec { LungPosition = true, RingsMm = o.RingsMm };
        var ringsProbes = new ContextSpec { RingsMm = o.RingsMm, ProbesMm = o.ProbesMm };
        var variants = new List<DensityVariant>
        {
            new("Intensity", false, null, false),
            new("IntensityContext", false, full, true),
            new("Descriptor", true, null, false),
            new("DescriptorLungPosition", true, positionOnly, true),
            new("DescriptorRings", true, ringsOnly, true),
            new("DescriptorContext", true, full, true),
            new("DescriptorRingsProbes", true, ringsProbes, true),
        };
        if (o.Variant != "auto" && variants.All(v => v.Name != o.Variant)) throw new ArgumentException($"unknown density variant {o.Variant}");
        if (o.OnlyVariants.Length > 0) variants = variants.Where(v => !v.UsesDescriptor ? o.OnlyVariants.Contains(v.Name) : o.OnlyVariants.Contains(v.Name) || v.Name == o.Variant).ToList();
        var contextCache = new Dictionary<(ContextSpec, int), float[]>();
        float[] ContextOf(ContextSpec spec, int si)
        {
            if (!contextCache.TryGetValue((spec, si), out var c)) contextCache[(spec, si)] = c = ContextFeatures.Compute(studies[si].Volume, spec, prep, o.Threads);
            return c;
        }

        var report = new Dictionary<string, object>();
        var results = new Dictionary<string, (DensityModel Model, double[] Auroc, List<float[]> Nll)>();
        foreach (var variant in variants)
        {
            var sw = Stopwatch.StartNew();
            int sourceDim = variant.UsesDescriptor ? runOptions.Dim : 1;
            var (fMean, fStd) = variant.UsesDescriptor ? Standardisation(studies.Select(variant.Source).ToList(), studies, samples, sourceDim) : (DensityVariant.IntensityMean, DensityVariant.IntensityStd);
            double[]? cMean = null, cStd = null;
            if (variant.Context != null) (cMean, cStd) = Standardisation(studies.Select((_, si) => ContextOf(variant.Context, si)).ToList(), studies, samples, variant.Context.Count);
            var template = variant.ToModel(new GaussianMixture { Dim = 1, Weights = [1], Means = [[0]], InverseCholesky = [[1]] }, fMean, fStd, cMean, cStd, null);
            var rows = Rows(studies, samples, template, variant, ContextOf);
            int[] ks = variant.UsesDescriptor ? o.KCandidates : [2, 4, 8];
            log.WriteLine($"density {variant.Name} ({template.FeatureDim} features, {rows.Length / template.FeatureDim} normal voxels):");
            var (mixture, sel) = GmmFitter.SelectAndFit(rows, template.FeatureDim, ks, o.Iterations, o.Regularisation, o.EmSeed, log, variant.UsesDescriptor ? o.Restarts : 1);
            var model = variant.ToModel(mixture, fMean, fStd, cMean, cStd, sel, 0, o.EdgeMarginMm);
            if (o.Members > 1 && variant.UsesDescriptor)
            {
                // Ensemble members: the chosen K, each on a fresh sample of normal voxels and its own k-means++ start.
                var members = new List<GaussianMixture>();
                for (int m = 1; m < o.Members; m++)
                {
                    var memberSamples = studies.Select(s => SampleNormal(s, o.SamplesPerStudy, rng)).ToList();
                    var memberRows = Rows(studies, memberSamples, template, variant, ContextOf);
                    members.Add(GmmFitter.Fit(memberRows, template.FeatureDim, mixture.Components, o.Iterations, o.Regularisation, o.EmSeed + 1000 * m));
                }
                model = model with { Ensemble = members };
                log.WriteLine($"  ensemble of {o.Members} mixtures (K={mixture.Components})");
            }
            var ev = model.CreateEvaluator();
            var nlls = studies.Select(s => AnomalyScorer.DensityNll(model, ev, s.Volume, s.Volume.Body, variant.Source(s), prep, o.Threads)).ToList();
            var aurocs = studies.Select((s, i) => StudyAuroc(s, nlls[i])).ToArray();
            log.WriteLine($"  AUROC {string.Join(", ", studies.Select((s, i) => $"{s.Name} {aurocs[i]:F3}"))} ({sw.Elapsed.TotalSeconds:F0} s)");
            results[variant.Name] = (model, aurocs, nlls);
            report[variant.Name] = new Dictionary<string, object> { ["auroc"] = studies.Select((s, i) => (s.Name, aurocs[i])).ToDictionary(t => t.Name, t => (object)Math.Round(t.Item2, 4)), ["heldout_loglik"] = sel, ["conditional"] = model.Conditional };
        }

        // The shipped variant: forced, or the descriptor variant with the best mean AUROC. There is no held-out lesion
        // data (two studies), so this choice is made on the same boxes the card reports; the card says so.
        string chosen = o.Variant != "auto" ? o.Variant : variants.Where(v => v.UsesDescriptor).MaxBy(v => results[v.Name].Auroc.Average())!.Name;
        var shippedModel = results[chosen].Model;
        var shippedNll = results[chosen].Nll;
        // Smoothing of the NLL map: measured per sigma, the best kept (ties go to less smoothing).
        var smoothing = new Dictionary<string, object>();
        double bestSmooth = 0, bestSmoothAuroc = results[chosen].Auroc.Average();
        foreach (double sigma in o.SmoothingCandidatesMm)
        {
            if (sigma <= 0) continue;
            // Always from the unsmoothed maps: each candidate is one pass of its own sigma, as inference applies it.
            var smoothed = results[chosen].Nll.Select(n => (float[])n.Clone()).ToList();
            // Smoothed over the body as inference does; AUROC masks hold scored voxels only, and the region is applied below.
            for (int si = 0; si < studies.Count; si++)
                AnomalyScorer.Smooth(smoothed[si], studies[si].Volume, sigma, o.EdgeMarginMm, o.Threads);
            var a = studies.Select((s, i) => StudyAuroc(s, smoothed[i])).ToArray();
            smoothing[$"{sigma:F1}mm"] = a.Select(v => Math.Round(v, 4)).ToArray();
            log.WriteLine($"  smoothing {sigma:F1} mm: AUROC {string.Join(", ", a.Select(v => v.ToString("F3")))}");
            if (a.Average() > bestSmoothAuroc + 0.005) { bestSmooth = sigma; bestSmoothAuroc = a.Average(); shippedNll = smoothed; }
        }
        shippedModel = shippedModel with { SmoothingMm = bestSmooth };
        // The variants' maps cover the body (smoothing needs it); what is scored is the region.
        for (int si = 0; si < studies.Count; si++) AnomalyScorer.LimitTo(shippedNll[si], studies[si].Masks.Scored);
        report["smoothing"] = smoothing;
        // The maps the threshold is calibrated on: in-sample, or each study scored by a mixture fitted without its patient.
        var calibrationNll = shippedNll;
        var calibrationRaw = results[chosen].Nll;
        if (o.CalibrationFolds >= 2)
        {
            var chosenVariant = variants.First(v => v.Name == chosen);
            calibrationRaw = CrossFittedNll(o, studies, samples, chosenVariant, shippedModel, ContextOf, prep);
            calibrationNll = calibrationRaw.Select(n => (float[])n.Clone()).ToList();
            for (int si = 0; si < studies.Count; si++)
            {
                if (bestSmooth > 0) AnomalyScorer.Smooth(calibrationNll[si], studies[si].Volume, bestSmooth, o.EdgeMarginMm, o.Threads);
                AnomalyScorer.LimitTo(calibrationNll[si], studies[si].Masks.Scored);
            }
        }
        var calibration = Calibrate(studies, calibrationNll, prep.SpacingMm, new DecisionThresholds(), o.NormalVolumeFraction);
        log.WriteLine($"shipped {chosen}, smoothing {bestSmooth:F1} mm; calibration: median {calibration.NllMedian:F2}, threshold NLL {calibration.NllAtThreshold:F2} (percentile {calibration.Percentile:F4}), scale {calibration.Scale:F2}");

        double voxelMm3 = Math.Pow(prep.SpacingMm, 3);
        List<float[]>? growthNll = null;
        if (o.GrowthSmoothingMm >= 0)
        {
            growthNll = studies.Select((s, si) => AnomalyScorer.SmoothedWithin(results[chosen].Nll[si], s.Volume, s.Masks.Scored, o.GrowthSmoothingMm, o.EdgeMarginMm, o.Threads)).ToList();
            var calibrationGrowth = ReferenceEquals(calibrationRaw, results[chosen].Nll) ? growthNll
                : studies.Select((s, si) => AnomalyScorer.SmoothedWithin(calibrationRaw[si], s.Volume, s.Masks.Scored, o.GrowthSmoothingMm, o.EdgeMarginMm, o.Threads)).ToList();
            calibration = GrowthCalibrator.Calibrate(studies, calibrationNll, calibrationGrowth, calibration, o.GrowthSmoothingMm, o.GrowthPercentile, new DecisionThresholds(), o.NormalVolumeFraction, prep.SpacingMm, o.LesionRegionsCount);
            var g = calibration.Growth!;
            log.WriteLine($"growth: smoothing {g.SmoothingMm:F1} mm, low threshold NLL {g.NllAtThreshold:F2} (percentile {g.Percentile}), median {g.NllMedian:F2}; regions need NLL above {calibration.NllAtThreshold:F2} (percentile {calibration.Percentile:F4})");
        }
        var scores = studies.Select((s, si) => RegionScores.Score(shippedNll[si], growthNll?[si], calibration, s.Volume.SizeX, s.Volume.SizeY, s.Volume.SizeZ)).ToList();
        var finalAuroc = studies.Select((s, si) => StudyAuroc(s, scores[si])).ToArray();
        var mapAuroc = studies.Select((s, si) => StudyAuroc(s, RegionScores.Score(shippedNll[si], null, calibration, s.Volume.SizeX, s.Volume.SizeY, s.Volume.SizeZ))).ToArray();
        log.WriteLine($"  AUROC of the scores {string.Join(", ", studies.Select((s, i) => $"{s.Name} {finalAuroc[i]:F3}"))}; without growth {string.Join(", ", mapAuroc.Select(a => a.ToString("F3")))}");
        report["final_auroc"] = studies.Select((s, i) => (s.Name, finalAuroc[i])).ToDictionary(t => t.Name, t => (object)Math.Round(t.Item2, 4));
        var perStudy = new Dictionary<string, object>();
        for (int si = 0; si < studies.Count; si++)
        {
            var s = studies[si];
            double normalVol = 0, lesionVol = 0;
            var nll = shippedNll[si];
            for (int i = 0; i < nll.Length; i++)
            {
                if (!(scores[si][i] > calibration.ScoreAtThreshold)) continue;
                if (s.Masks.NormalBody[i] != 0) normalVol += voxelMm3;
                if (s.Masks.Lesion[i] != 0) lesionVol += voxelMm3;
            }
            LogTopNormal(s, nll, calibration, log);
            LogTopComponent(s, scores[si], calibration, log);
            perStudy[s.Name] = new Dictionary<string, double> { ["normal_anomalous_volume_mm3"] = Math.Round(normalVol), ["lesion_box_anomalous_volume_mm3"] = Math.Round(lesionVol) };
            log.WriteLine($"  {s.Name}: anomalous volume in normal tissue {normalVol:F0} mm3, in lesion boxes {lesionVol:F0} mm3");
        }
        report["shipped_variant"] = chosen;
        report["calibration_folds"] = o.CalibrationFolds;
        report["shipped_smoothing_mm"] = bestSmooth;
        report["volumes"] = perStudy;
        report["training"] = new Dictionary<string, object> { ["steps"] = state.Step, ["minutes"] = Math.Round(state.ElapsedSeconds / 60, 1), ["final_loss"] = state.LastLoss };

        shippedModel.Save(Path.Combine(o.OutDirectory, "density.json"));
        var config = new ModelConfig
        {
            Name = o.Name,
            Version = o.Version,
            Preprocessing = prep,
            Descriptor = descCfg,
            Density = new DensityConfig(),
            Calibration = calibration,
            Decision = new DecisionThresholds { AirwayMarginMm = o.AirwayMarginMm, LungMarginMm = o.LungMarginMm },
            Training = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["method"] = shippedModel.Conditional
                    ? "DenseVICReg descriptor UNet (TorchSharp) + full-covariance Gaussian mixture (EM) of descriptor and context on normal voxels, scored as -log q(descriptor | context)"
                    : "DenseVICReg descriptor UNet (TorchSharp) + full-covariance Gaussian mixture (EM) on normal voxels",
                ["studies"] = manifest.Entries.Select(e => e.Name).ToArray(),
                ["exclusion_dilation_mm"] = runOptions.DilateMm,
                ["steps"] = state.Step,
                ["minutes"] = Math.Round(state.ElapsedSeconds / 60, 1),
                ["final_loss"] = Math.Round(state.LastLoss, 4),
                ["crop"] = runOptions.Crop,
                ["batch_pairs"] = runOptions.BatchPairs,
                ["mixture_components"] = shippedModel.Mixture.Components,
                ["density_variant"] = chosen,
                ["smoothing_mm"] = bestSmooth,
            }, ModelConfig.JsonOptions), ModelConfig.JsonOptions),
        };
        File.WriteAllText(Path.Combine(o.OutDirectory, ModelPackage.ConfigFile), JsonSerializer.Serialize(config, ModelConfig.JsonOptions));
        File.WriteAllText(Path.Combine(o.RunDirectory, "fit-report.json"), JsonSerializer.Serialize(report, ModelConfig.JsonOptions));
        log.WriteLine($"wrote {o.OutDirectory} in {total.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    /// <summary>
    /// Score mapping from normal voxels' NLL: score 0 at their 0.1th percentile, ScoreCalibration.ScoreAtMedian at their
    /// median, 0.7 at the larger of the 99.9th percentile and the NLL above which normal studies would carry on average
    /// <paramref name="fraction"/> x the volume limit; logistic above with a width of a quarter of (threshold - median).
    /// Without growth; GrowthCalibrator raises the threshold for growth.
    /// </summary>
    public static ScoreCalibration Calibrate(IReadOnlyList<StudyFeatures> studies, IReadOnlyList<float[]> nlls, double spacing, DecisionThresholds decision, double fraction)
    {
        var normal = new List<float>();
        for (int si = 0; si < studies.Count; si++)
        {
            var m = studies[si].Masks.NormalBody;
            for (int i = 0; i < m.Length; i++) if (m[i] != 0 && !float.IsNaN(nlls[si][i])) normal.Add(nlls[si][i]);
        }
        normal.Sort();
        double median = normal[normal.Count / 2];
        double p999 = normal[(int)Math.Min(normal.Count - 1, normal.Count * 0.999)];
        double voxelMm3 = spacing * spacing * spacing;
        int allowed = (int)(studies.Count * decision.VolumeLimitMm3 * fraction / voxelMm3);
        double byVolume = normal[Math.Max(0, normal.Count - 1 - allowed)];
        double t = Math.Max(p999, byVolume);
        double percentile = 100.0 * normal.FindLastIndex(v => v <= t) / normal.Count;
        return new ScoreCalibration
        {
            NllMedian = median,
            NllAtZero = normal[normal.Count / 1000],
            NllAtThreshold = t,
            Scale = Math.Max(0.5, (t - median) / 4),
            ScoreAtThreshold = decision.VoxelThreshold,
            Percentile = Math.Round(percentile, 4),
        };
    }

    /// <summary>
    /// Each study's unsmoothed NLL map under a mixture of the shipped variant (same K, same standardisation) fitted on
    /// the normal voxels of the other patients only: what the threshold would meet on a new patient.
    /// </summary>
    private List<float[]> CrossFittedNll(Options o, List<StudyFeatures> studies, List<List<int>> samples, DensityVariant variant, DensityModel full,
        Func<ContextSpec, int, float[]> contextOf, PreprocessingConfig prep)
    {
        var patients = studies.Select(s => s.Patient).Distinct().Order(StringComparer.Ordinal).ToList();
        if (patients.Count < 2) throw new ArgumentException("cross-fitted calibration needs studies of at least two patients");
        int folds = Math.Min(o.CalibrationFolds, patients.Count);
        var held = new float[studies.Count][];
        for (int f = 0; f < folds; f++)
        {
            var sw = Stopwatch.StartNew();
            var left = patients.Where((_, i) => i % folds == f).ToHashSet();
            var fitOn = Enumerable.Range(0, studies.Count).Where(i => !left.Contains(studies[i].Patient)).ToList();
            var rows = Rows(fitOn.Select(i => studies[i]).ToList(), fitOn.Select(i => samples[i]).ToList(), full, variant, (spec, k) => contextOf(spec, fitOn[k]));
            var mixture = GmmFitter.Fit(rows, full.FeatureDim, full.Mixture.Components, o.Iterations, o.Regularisation, o.EmSeed);
            var model = full with { Mixture = mixture, Ensemble = null };
            var ev = model.CreateEvaluator();
            foreach (int si in Enumerable.Range(0, studies.Count).Where(i => left.Contains(studies[i].Patient)))
                held[si] = AnomalyScorer.DensityNll(model, ev, studies[si].Volume, studies[si].Volume.Body, variant.Source(studies[si]), prep, o.Threads);
            log.WriteLine($"  calibration fold {f + 1}/{folds}: held out {string.Join(", ", left)} ({sw.Elapsed.TotalSeconds:F0} s)");
        }
        return held.ToList();
    }

    private static List<int> SampleNormal(StudyFeatures s, int count, Random rng)
    {
        var all = new List<int>();
        for (int i = 0; i < s.Masks.NormalBody.Length; i++) if (s.Masks.NormalBody[i] != 0) all.Add(i);
        var pick = new List<int>(count);
        for (int k = 0; k < Math.Min(count, all.Count); k++) pick.Add(all[rng.Next(all.Count)]);
        return pick;
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

    /// <summary>Per-channel mean/std over the sampled normal voxels of channel-major arrays.</summary>
    private static (double[] Mean, double[] Std) Standardisation(List<float[]> arrays, List<StudyFeatures> studies, List<List<int>> samples, int dim)
    {
        var mean = new double[dim];
        var sq = new double[dim];
        long count = 0;
        for (int si = 0; si < studies.Count; si++)
        {
            long n = studies[si].Volume.Count;
            foreach (int i in samples[si])
            {
                for (int c = 0; c < dim; c++) { double v = arrays[si][c * n + i]; mean[c] += v; sq[c] += v * v; }
                count++;
            }
        }
        var std = new double[dim];
        for (int c = 0; c < dim; c++) { mean[c] /= count; std[c] = Math.Sqrt(Math.Max(1e-8, sq[c] / count - mean[c] * mean[c])); }
        return (mean, std);
    }

    private static float[] Rows(List<StudyFeatures> studies, List<List<int>> samples, DensityModel template, DensityVariant v, Func<ContextSpec, int, float[]> contextOf)
    {
        int total = samples.Sum(s => s.Count), dim = template.FeatureDim, sdim = template.DescriptorDim, cdim = template.ContextDim;
        var rows = new float[total * dim];
        var d = new float[sdim];
        var ctx = new float[cdim];
        int r = 0;
        for (int si = 0; si < studies.Count; si++)
        {
            long n = studies[si].Volume.Count;
            var source = v.Source(studies[si]);
            var context = v.Context != null ? contextOf(v.Context, si) : [];
            foreach (int i in samples[si])
            {
                for (int c = 0; c < sdim; c++) d[c] = source[c * n + i];
                for (int c = 0; c < cdim; c++) ctx[c] = context[c * n + i];
                template.Feature(d, ctx, ReadOnlySpan<float>.Empty, rows.AsSpan(r++ * dim, dim));
            }
        }
        return rows;
    }

    public static double StudyAuroc(StudyFeatures s, float[] score)
    {
        var pos = new List<float>();
        var neg = new List<float>();
        for (int i = 0; i < score.Length; i++)
        {
            if (float.IsNaN(score[i])) continue;
            if (s.Masks.Lesion[i] != 0) pos.Add(score[i]);
            else if (s.Masks.NegativeLung[i] != 0) neg.Add(score[i]);
        }
        return Auroc.FromGroups<float>(pos.ToArray(), neg.ToArray());
    }
}
