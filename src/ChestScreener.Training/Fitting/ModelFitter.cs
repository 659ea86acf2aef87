using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ChestScreener.Model;
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
/// (the inference path), Gaussian mixtures for four feature variants (intensity / descriptor, each with and without
/// position) fitted on normal voxels, voxel AUROC of each on the exclusion (lesion) boxes, calibration, model.json.
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
        public int SamplesPerStudy { get; init; } = 20000;
        public int[] KCandidates { get; init; } = [4, 8, 16];
        public int Iterations { get; init; } = 40;
        public double PositionWeight { get; init; } = 1.0;
        /// <summary>"auto" ships position features when they measure better; "true"/"false" force it.</summary>
        public string Position { get; init; } = "auto";
        /// <summary>Normal studies' mean anomalous volume is calibrated to at most this fraction of the volume limit.</summary>
        public double NormalVolumeFraction { get; init; } = 1.0 / 3;
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
                var pv = Preprocessor.Run(VolumeLoader.Load(e.Path), prep, o.Threads);
                var desc = runner.Run(pv);
                studies.Add(new StudyFeatures(Path.GetFileName(e.Path), pv, desc, EvalMasks.Build(pv, e.Exclude, prep)));
                log.WriteLine($"descriptors {e.Path}: {runner.LastWindowCount} windows, {sw.Elapsed.TotalSeconds:F1} s");
            }
        }

        // Descriptor standardisation from normal voxels.
        var rng = new Random(17);
        var samples = studies.Select(s => SampleNormal(s, o.SamplesPerStudy, rng)).ToList();
        int dim = runOptions.Dim;
        var mean = new double[dim];
        var std = new double[dim];
        long count = 0;
        for (int si = 0; si < studies.Count; si++)
        {
            foreach (int i in samples[si])
            {
                for (int c = 0; c < dim; c++) { double v = studies[si].Descriptors[(long)c * studies[si].Volume.Count + i]; mean[c] += v; std[c] += v * v; }
                count++;
            }
        }
        for (int c = 0; c < dim; c++) { mean[c] /= count; std[c] = Math.Sqrt(Math.Max(1e-8, std[c] / count - mean[c] * mean[c])); }

        var report = new Dictionary<string, object>();
        var results = new Dictionary<FeatureKind, (DensityModel? Model, GaussianMixture Mixture, double[] Auroc, List<float[]> Nll, Dictionary<string, double> Sel)>();
        foreach (var kind in Enum.GetValues<FeatureKind>())
        {
            var sw = Stopwatch.StartNew();
            var variant = new DensityVariant(kind, mean, std, o.PositionWeight);
            var rows = Rows(studies, samples, variant);
            int[] ks = variant.UsesDescriptor ? o.KCandidates : [2, 4, 8];
            log.WriteLine($"density {kind} ({variant.Dim} features, {rows.Length / variant.Dim} normal voxels):");
            var (mixture, sel) = GmmFitter.SelectAndFit(rows, variant.Dim, ks, o.Iterations, 1e-3, 5, log);
            var ev = mixture.CreateEvaluator();
            var nlls = studies.Select(s => Nll(s, variant, ev, o.Threads)).ToList();
            var aurocs = studies.Select((s, i) => StudyAuroc(s, nlls[i])).ToArray();
            log.WriteLine($"  AUROC {string.Join(", ", studies.Select((s, i) => $"{s.Name} {aurocs[i]:F3}"))} ({sw.Elapsed.TotalSeconds:F0} s)");
            results[kind] = (variant.UsesDescriptor ? variant.ToModel(mixture, sel) : null, mixture, aurocs, nlls, sel);
            report[kind.ToString()] = new Dictionary<string, object> { ["auroc"] = studies.Select((s, i) => (s.Name, aurocs[i])).ToDictionary(t => t.Name, t => (object)Math.Round(t.Item2, 4)), ["heldout_loglik"] = sel };
        }

        bool usePosition = o.Position switch
        {
            "true" => true,
            "false" => false,
            _ => results[FeatureKind.DescriptorPosition].Auroc.Average() >= results[FeatureKind.Descriptor].Auroc.Average(),
        };
        var shipped = results[usePosition ? FeatureKind.DescriptorPosition : FeatureKind.Descriptor];
        var calibration = Calibrate(studies, shipped.Nll, prep.SpacingMm, new DecisionThresholds(), o.NormalVolumeFraction);
        log.WriteLine($"calibration: median {calibration.NllMedian:F2}, threshold NLL {calibration.NllAtThreshold:F2} (percentile {calibration.Percentile:F4}), scale {calibration.Scale:F2}");

        double voxelMm3 = Math.Pow(prep.SpacingMm, 3);
        var perStudy = new Dictionary<string, object>();
        for (int si = 0; si < studies.Count; si++)
        {
            var s = studies[si];
            double normalVol = 0, lesionVol = 0;
            var nll = shipped.Nll[si];
            for (int i = 0; i < nll.Length; i++)
            {
                if (float.IsNaN(nll[i]) || calibration.Map(nll[i]) <= 0.7) continue;
                if (s.Masks.NormalBody[i] != 0) normalVol += voxelMm3;
                if (s.Masks.Lesion[i] != 0) lesionVol += voxelMm3;
            }
            perStudy[s.Name] = new Dictionary<string, double> { ["normal_anomalous_volume_mm3"] = Math.Round(normalVol), ["lesion_box_anomalous_volume_mm3"] = Math.Round(lesionVol) };
            log.WriteLine($"  {s.Name}: anomalous volume in normal tissue {normalVol:F0} mm3, in lesion boxes {lesionVol:F0} mm3");
        }
        report["shipped_variant"] = usePosition ? "DescriptorPosition" : "Descriptor";
        report["volumes"] = perStudy;
        report["training"] = new Dictionary<string, object> { ["steps"] = state.Step, ["minutes"] = Math.Round(state.ElapsedSeconds / 60, 1), ["final_loss"] = state.LastLoss };

        shipped.Model!.Save(Path.Combine(o.OutDirectory, "density.json"));
        var config = new ModelConfig
        {
            Name = o.Name,
            Version = o.Version,
            Preprocessing = prep,
            Descriptor = descCfg,
            Density = new DensityConfig(),
            Calibration = calibration,
            Decision = new DecisionThresholds(),
            Training = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["method"] = "DenseVICReg descriptor UNet (TorchSharp) + full-covariance Gaussian mixture (EM) on normal voxels",
                ["studies"] = manifest.Entries.Select(e => Path.GetFileName(e.Path)).ToArray(),
                ["exclusion_dilation_mm"] = runOptions.DilateMm,
                ["steps"] = state.Step,
                ["minutes"] = Math.Round(state.ElapsedSeconds / 60, 1),
                ["final_loss"] = Math.Round(state.LastLoss, 4),
                ["crop"] = runOptions.Crop,
                ["batch_pairs"] = runOptions.BatchPairs,
                ["mixture_components"] = shipped.Mixture.Components,
                ["position_features"] = usePosition,
            }, ModelConfig.JsonOptions), ModelConfig.JsonOptions),
        };
        File.WriteAllText(Path.Combine(o.OutDirectory, ModelPackage.ConfigFile), JsonSerializer.Serialize(config, ModelConfig.JsonOptions));
        File.WriteAllText(Path.Combine(o.RunDirectory, "fit-report.json"), JsonSerializer.Serialize(report, ModelConfig.JsonOptions));
        log.WriteLine($"wrote {o.OutDirectory} in {total.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    /// <summary>
    /// Score mapping from normal voxels' NLL: score 0.7 at the larger of the 99.9th percentile and the NLL above which
    /// normal studies would carry on average <paramref name="fraction"/> x the volume limit; logistic above with a
    /// width of a quarter of (threshold - median).
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
            NllAtThreshold = t,
            Scale = Math.Max(0.5, (t - median) / 4),
            ScoreAtThreshold = decision.VoxelThreshold,
            Percentile = Math.Round(percentile, 4),
        };
    }

    private static List<int> SampleNormal(StudyFeatures s, int count, Random rng)
    {
        var all = new List<int>();
        for (int i = 0; i < s.Masks.NormalBody.Length; i++) if (s.Masks.NormalBody[i] != 0) all.Add(i);
        var pick = new List<int>(count);
        for (int k = 0; k < Math.Min(count, all.Count); k++) pick.Add(all[rng.Next(all.Count)]);
        return pick;
    }

    private static float[] Rows(List<StudyFeatures> studies, List<List<int>> samples, DensityVariant v)
    {
        int total = samples.Sum(s => s.Count);
        var rows = new float[total * v.Dim];
        var tmp = new float[v.Dim];
        var pos = new float[3];
        int r = 0;
        for (int si = 0; si < studies.Count; si++)
        {
            var pv = studies[si].Volume;
            foreach (int i in samples[si])
            {
                v.Feature(studies[si], i % pv.SizeX, i / pv.SizeX % pv.SizeY, i / (pv.SizeX * pv.SizeY), tmp, pos);
                tmp.CopyTo(rows, r++ * v.Dim);
            }
        }
        return rows;
    }

    private static float[] Nll(StudyFeatures s, DensityVariant v, GaussianMixture.Evaluator ev, int threads)
    {
        var pv = s.Volume;
        var nll = new float[pv.Count];
        Parallel.For(0, pv.SizeZ, new ParallelOptions { MaxDegreeOfParallelism = threads }, z =>
        {
            var f = new float[ev.Stride];
            var pos = new float[3];
            for (int y = 0; y < pv.SizeY; y++)
                for (int x = 0; x < pv.SizeX; x++)
                {
                    int i = (z * pv.SizeY + y) * pv.SizeX + x;
                    if (pv.Body[i] == 0) { nll[i] = float.NaN; continue; }
                    v.Feature(s, x, y, z, f, pos);
                    nll[i] = (float)ev.Nll(f);
                }
        });
        return nll;
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
        return Auroc.Compute(pos.ToArray(), neg.ToArray());
    }
}
