using System.Diagnostics;
using ChestScreener.Model;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Data;
using ChestScreener.Training.Ssl;

namespace ChestScreener.Training;

/// <summary>The `screener-train` commands: manifest, train, fit (density + ONNX + model.json), cv (patient folds), eval.</summary>
public static class TrainingCli
{
    public const string Usage = """
        screener train <command> [options]
          manifest [--lesions chest/lesions.json --root DIR [--ext .nii.gz]] [--corpus corpus/manifest.csv] --out manifest.csv
                   lesion boxes of lesions.json become exclusion boxes; each series is DIR/<name><ext> (or DIR/<name> for DICOM);
                   --corpus adds a corpus folder's studies with their lesion boxes, patients and label maps
          train    --manifest M.csv [--run DIR] [--minutes 60] [--base 8] [--levels 4] [--crop 40] [--batch 2]
                   [--points 512] [--lr 2e-3] [--max-steps N] [--threads 2] [--checkpoint-minutes 4] [--spacing 3]
                   DenseVICReg training; resumes when DIR holds a checkpoint
          fit      --manifest M.csv --run DIR --out models/NAME [--config FIT.json] [--name N] [--version V] [--threads 2]
                   [--samples 60000] [--k 16,32] [--iterations 40] [--variant auto|NAME] [--variants A,B] [--rings 9,24,48]
                   [--probes 18,30] [--smoothing 6,9] [--edge-margin 12] [--airway-margin 6] [--lung-margin 10]
                   [--restarts 1] [--members 1] [--reg 1e-3] [--seed N]
                   [--growth-smoothing 3 (mm; -1 = no hysteresis growth)] [--growth-percentile 99]
                   [--lesion-regions-count 0 (1 = a region peaking in a widened lesion box counts as normal volume, as in 1.2.0)]
                   [--calibration-folds 0 (k >= 2: threshold from maps of mixtures fitted without each study's patient)]
                   density model + score calibration on normal voxels, ONNX export, model.json;
                   --config: a fit configuration (the variants of the sweep and every setting; see
                   src/ChestScreener.Training/Fitting/fit-config.json, the defaults); options given override it
          fit-config [--config FIT.json] [fit options]
                   prints the fit configuration that `fit` would run with (the defaults when nothing is given)
          cv       --manifest M.csv --run DIR --out DIR [--folds 3] [--fold-seed 1] [--only-folds 1,2] [fit options]
                   patient-level folds: a model per fold fitted without its patients, truth for box-only studies,
                   and DIR/eval-manifest.csv for `screener eval --manifest DIR/eval-manifest.csv --reslice 5,8`
          eval     --manifest M.csv (exclusion boxes = lesion boxes) [--model DIR] [--png docs] [--threads 2] [--report FILE]
                   the package through AnomalyScorer.Score: voxel AUROC, top component vs lesion boxes, timings, overlays
        """;

    public static int Run(string[] argv)
    {
        if (argv.Length == 0 || argv[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return argv.Length == 0 ? 2 : 0;
        }
        try
        {
            var args = new Args(argv.Skip(1));
            switch (argv[0])
            {
                case "manifest": return MakeManifest(args);
                case "train": return Train(args);
                case "fit": return Fit(args);
                case "fit-config":
                    {
                        var o = ParseFitOptions(args);
                        args.EnsureAllUsed();
                        Console.Write(Fitting.FitConfigFile.Serialize(o));
                        return 0;
                    }
                case "cv": return CrossValidate(args);
                case "bench": return Bench(args);
                case "eval":
                    {
                        string model = args.Str("model", ModelPackage.DefaultDirectory()), manifest = args.Require("manifest");
                        string? png = args.Get("png");
                        int threads = args.Int("threads", 2);
                        string reportPath = args.Str("report", "artifacts/eval-report.json");
                        args.EnsureAllUsed();
                        return new Evaluation.PackageEvaluator(Console.Out).Run(model, manifest, png, threads, reportPath);
                    }
                default:
                    Console.Error.WriteLine($"unknown command '{argv[0]}'\n{Usage}");
                    return 2;
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"screener train: {e.Message}");
            return 2;
        }
    }

    private static int MakeManifest(Args args)
    {
        string? lesions = args.Get("lesions"), corpus = args.Get("corpus");
        string ext = args.Str("ext", ""), output = args.Require("out");
        string? root = lesions is null ? null : args.Require("root");
        args.EnsureAllUsed();
        if (lesions is null && corpus is null) throw new ArgumentException("give --lesions (with --root) and/or --corpus");
        var entries = new List<ManifestEntry>();
        if (lesions is not null) entries.AddRange(Manifest.FromLesionsJson(lesions, name => Path.GetFullPath(Path.Combine(root!, name + ext))).Entries);
        if (corpus is not null) entries.AddRange(Manifest.FromCorpus(corpus).Entries);
        var m = new Manifest(entries);
        m.Write(output);
        Console.WriteLine($"wrote {output} ({m.Entries.Count} studies)");
        return 0;
    }

    private static int Train(Args args)
    {
        var o = ParseTrainOptions(args);
        var prep = new PreprocessingConfig { SpacingMm = args.Dbl("spacing", 3.0) };
        args.EnsureAllUsed();
        Directory.CreateDirectory(o.RunDirectory);
        var prepPath = Path.Combine(o.RunDirectory, Fitting.FitInputs.PreprocessingFile);
        if (File.Exists(prepPath)) prep = System.Text.Json.JsonSerializer.Deserialize<PreprocessingConfig>(File.ReadAllText(prepPath), ModelConfig.JsonOptions)!;
        else File.WriteAllText(prepPath, System.Text.Json.JsonSerializer.Serialize(prep, ModelConfig.JsonOptions));
        var volumes = LoadVolumes(Manifest.Read(o.Manifest), prep, o.DilateMm, o.Threads);
        new DenseVicRegTrainer(o, prep, Console.Out).Run(volumes);
        return 0;
    }

    /// <summary>The training settings of the command line: <see cref="TrainOptions"/> is the one home of their defaults.</summary>
    public static TrainOptions ParseTrainOptions(Args args)
    {
        var d = new TrainOptions();
        return d with
        {
            Manifest = args.Require("manifest"),
            RunDirectory = args.Str("run", d.RunDirectory),
            Minutes = args.Dbl("minutes", d.Minutes),
            BaseChannels = args.Int("base", d.BaseChannels),
            Levels = args.Int("levels", d.Levels),
            Crop = args.Int("crop", d.Crop),
            BatchPairs = args.Int("batch", d.BatchPairs),
            Points = args.Int("points", d.Points),
            LearningRate = args.Dbl("lr", d.LearningRate),
            MaxSteps = args.Int("max-steps", d.MaxSteps),
            Threads = args.Int("threads", d.Threads),
            CheckpointMinutes = args.Dbl("checkpoint-minutes", d.CheckpointMinutes),
        };
    }

    /// <summary>Model stage on one study: per-stage seconds, per-window time, ratio to one forward pass, peak memory.</summary>
    private static int Bench(Args args)
    {
        string input = args.Require("input"), model = args.Str("model", ModelPackage.DefaultDirectory());
        int threads = args.Int("threads", 2), runs = args.Int("runs", 2);
        args.EnsureAllUsed();
        var ct = VolumeLoader.Load(input);
        var package = ModelPackage.Load(model);
        using var scorer = new AnomalyScorer(package, threads);
        // The pipeline scores inside the package's scoring mask; the anatomy stage that gives it is timed on its own there.
        var region = Evaluation.PackageScoringMask.Build(ct, package, threads);
        for (int r = 0; r < runs; r++)
        {
            var sw = Stopwatch.StartNew();
            scorer.Score(ct, region);
            var t = scorer.LastTimings!;
            Console.WriteLine($"run {r + 1}: {sw.Elapsed.TotalSeconds:F2} s (preprocess {t.Preprocess:F2}, descriptor {t.Descriptor:F2} = {t.Windows} windows x {t.ForwardSeconds / t.Windows:F3} s, density {t.Density:F2}, resample to CT grid {t.Resample:F2}); model grid {t.ModelVoxels} voxels");
        }
        int w = package.Config.Descriptor.WindowSize;
        using var runner = new ChestScreener.Model.Inference.DescriptorRunner(package.DescriptorPath, package.Config.Descriptor, package.Config.Preprocessing, threads);
        var input1 = new float[package.Config.Descriptor.InChannels * w * w * w];
        runner.Forward(input1, w, w, w);
        var one = Stopwatch.StartNew();
        runner.Forward(input1, w, w, w);
        double single = one.Elapsed.TotalSeconds;
        var last = scorer.LastTimings!;
        Console.WriteLine($"single forward pass ({w}^3): {single:F3} s; model stage / single pass = {last.Total / single:F1}; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB (includes the loaded CT)");
        return 0;
    }

    private static int Fit(Args args)
    {
        var paths = new Fitting.FitPaths(args.Require("manifest"), args.Require("run"), args.Require("out"));
        var o = ParseFitOptions(args);
        args.EnsureAllUsed();
        return new Fitting.ModelFitter(Console.Out).Run(paths, o);
    }

    /// <summary>Patient-level cross-validation: one fit per fold without its patients, and the evaluation manifest.</summary>
    private static int CrossValidate(Args args)
    {
        string manifestPath = args.Require("manifest"), runDir = args.Require("run"), outDir = args.Require("out");
        int folds = args.Int("folds", 3), foldSeed = args.Int("fold-seed", 1);
        var only = args.Str("only-folds", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        var o = ParseFitOptions(args);
        args.EnsureAllUsed();
        return new Validation.CrossValidation(Console.Out).Run(Manifest.Read(manifestPath), runDir, o, outDir, folds, foldSeed, only.Length > 0 ? only : null);
    }

    /// <summary>
    /// The fit settings of the command line: <see cref="Fitting.FitOptions"/>' defaults, then the --config file (a
    /// property it leaves out keeps the default), then each option given. The record is the one home of every default,
    /// so a default changed there is the default of `fit` and `cv` too. Checked before any heavy work.
    /// </summary>
    public static Fitting.FitOptions ParseFitOptions(Args args)
    {
        var d = args.Get("config") is { } config ? Fitting.FitConfigFile.Load(config) : new Fitting.FitOptions();
        int? seed = args.Get("seed") is null ? null : args.Int("seed", 0);
        var o = d with
        {
            Name = args.Str("name", d.Name),
            Version = args.Str("version", d.Version),
            Threads = args.Int("threads", d.Threads),
            Window = args.Int("window", d.Window),
            Overlap = args.Dbl("overlap", d.Overlap),
            SamplesPerStudy = args.Int("samples", d.SamplesPerStudy),
            KCandidates = args.Ints("k", d.KCandidates),
            Iterations = args.Int("iterations", d.Iterations),
            Variant = args.Str("variant", d.Variant),
            OnlyVariants = args.Get("variants") is { } only ? only.Split(',', StringSplitOptions.RemoveEmptyEntries) : d.OnlyVariants,
            EdgeMarginMm = args.Dbl("edge-margin", d.EdgeMarginMm),
            AirwayMarginMm = args.Dbl("airway-margin", d.AirwayMarginMm),
            LungMarginMm = args.Dbl("lung-margin", d.LungMarginMm),
            // --seed sets both; without it the sampling and EM keep the configured seeds, so old fits reproduce.
            SampleSeed = seed ?? d.SampleSeed,
            EmSeed = seed ?? d.EmSeed,
            Members = args.Int("members", d.Members),
            Restarts = args.Int("restarts", d.Restarts),
            Regularisation = args.Dbl("reg", d.Regularisation),
            ProbesMm = args.Doubles("probes", d.ProbesMm),
            RingsMm = args.Doubles("rings", d.RingsMm),
            SmoothingCandidatesMm = args.Doubles("smoothing", d.SmoothingCandidatesMm),
            GrowthSmoothingMm = args.Dbl("growth-smoothing", d.GrowthSmoothingMm),
            GrowthPercentile = args.Dbl("growth-percentile", d.GrowthPercentile),
            LesionRegionsCount = args.Dbl("lesion-regions-count", d.LesionRegionsCount ? 1 : 0) != 0,
            CalibrationFolds = args.Int("calibration-folds", d.CalibrationFolds),
        };
        Fitting.FitOptionsValidator.Check(o);
        return o;
    }

    public static List<TrainingVolume> LoadVolumes(Manifest manifest, PreprocessingConfig prep, double dilateMm, int threads)
    {
        var list = new List<TrainingVolume>();
        foreach (var e in manifest.Entries)
        {
            var sw = Stopwatch.StartNew();
            var ct = VolumeLoader.Load(e.Path);
            var pv = Preprocessor.Run(ct, prep, threads);
            list.Add(new TrainingVolume(e.Name, pv, e.Exclude, dilateMm));
            Console.WriteLine($"loaded {e.Path}: model grid {pv.SizeX}x{pv.SizeY}x{pv.SizeZ}, {e.Exclude.Count} exclusion box(es), {sw.Elapsed.TotalSeconds:F1} s");
        }
        return list;
    }
}
