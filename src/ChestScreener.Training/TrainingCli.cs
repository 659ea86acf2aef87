using System.CommandLine;
using System.Diagnostics;
using ChestScreener.Model;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Cli;
using ChestScreener.Training.Data;
using ChestScreener.Training.Ssl;

namespace ChestScreener.Training;

/// <summary>
/// The `screener-train` commands (System.CommandLine, as the `screener` CLI): manifest, train, fit (density + ONNX +
/// model.json), fit-config, cv (patient folds), bench, eval. `screener-train COMMAND --help` lists each one's options.
/// </summary>
public static class TrainingCli
{
    /// <summary>Runs one command; 2 for a usage error (unknown command or option, bad value, settings that cannot be fitted).</summary>
    public static int Run(string[] argv)
    {
        var parse = Root().Parse(argv);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) Console.Error.WriteLine($"screener train: {e.Message}");
            return 2;
        }
        try
        {
            // Exceptions reach the handler below instead of System.CommandLine's (which prints a stack and exits 1).
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (ArgumentException e) // FitConfigException too: settings that cannot be fitted
        {
            Console.Error.WriteLine($"screener train: {e.Message}");
            return 2;
        }
    }

    /// <summary>The fit settings that `fit` would run with for these arguments (options only; the paths are not needed).</summary>
    public static Fitting.FitOptions ParseFitOptions(IReadOnlyList<string> args)
    {
        var set = new FitOptionSet();
        var command = new Command("fit-config");
        set.AddTo(command);
        return set.Read(Checked(command.Parse(args)));
    }

    /// <summary>The training settings that `train` would run with for these arguments.</summary>
    public static TrainOptions ParseTrainOptions(IReadOnlyList<string> args)
    {
        var set = new TrainOptionSet();
        var command = new Command("train");
        set.AddTo(command);
        return set.Read(Checked(command.Parse(args)));
    }

    private static ParseResult Checked(ParseResult p) =>
        p.Errors.Count == 0 ? p : throw new ArgumentException(string.Join("; ", p.Errors.Select(e => e.Message)));

    private static RootCommand Root()
    {
        var root = new RootCommand("ChestScreener training: descriptor network (DenseVICReg), density model and calibration, cross-validation.");
        root.Subcommands.Add(ManifestCommand());
        root.Subcommands.Add(TrainCommand());
        root.Subcommands.Add(FitCommand());
        root.Subcommands.Add(FitConfigCommand());
        root.Subcommands.Add(CrossValidateCommand());
        root.Subcommands.Add(BenchCommand());
        root.Subcommands.Add(EvalCommand());
        return root;
    }

    private static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    private static Option<int> Threads() => new("--threads") { Description = "Worker threads", DefaultValueFactory = _ => 2 };

    private static Option<string> ModelDir() => new("--model") { Description = "Model package folder", DefaultValueFactory = _ => ModelPackage.DefaultDirectory() };

    private static Command ManifestCommand()
    {
        var lesions = new Option<string>("--lesions") { Description = "chest/lesions.json: its lesion boxes become exclusion boxes" };
        var root = new Option<string>("--root") { Description = "Folder of the series named in lesions.json (DIR/<name><ext>, or DIR/<name> for DICOM)" };
        var ext = new Option<string>("--ext") { Description = "File extension of those series, e.g. .nii.gz", DefaultValueFactory = _ => "" };
        var corpus = new Option<string>("--corpus") { Description = "A corpus manifest.csv: its studies with lesion boxes, patients and label maps" };
        var output = Required("--out", "Manifest to write (CSV)");
        var command = new Command("manifest", "Write a training manifest from lesions.json and/or a corpus.") { lesions, root, ext, corpus, output };
        command.SetAction(p =>
        {
            string? l = p.GetValue(lesions), c = p.GetValue(corpus), r = p.GetValue(root);
            if (l is null && c is null) throw new ArgumentException("give --lesions (with --root) and/or --corpus");
            if (l is not null && r is null) throw new ArgumentException("--root is required with --lesions");
            var entries = new List<ManifestEntry>();
            if (l is not null) entries.AddRange(Manifest.FromLesionsJson(l, name => Path.GetFullPath(Path.Combine(r!, name + p.GetValue(ext)))).Entries);
            if (c is not null) entries.AddRange(Manifest.FromCorpus(c).Entries);
            var m = new Manifest(entries);
            m.Write(p.GetValue(output)!);
            Console.WriteLine($"wrote {p.GetValue(output)} ({m.Entries.Count} studies)");
            return 0;
        });
        return command;
    }

    private static Command TrainCommand()
    {
        var set = new TrainOptionSet();
        var spacing = new Option<double>("--spacing") { Description = "Model grid spacing (mm) of a new run", DefaultValueFactory = _ => 3.0 };
        var command = new Command("train", "DenseVICReg training of the descriptor network; resumes when the run folder holds a checkpoint.") { spacing };
        set.AddTo(command);
        command.SetAction(p =>
        {
            var o = set.Read(p);
            var prep = new PreprocessingConfig { SpacingMm = p.GetValue(spacing) };
            Directory.CreateDirectory(o.RunDirectory);
            var prepPath = Path.Combine(o.RunDirectory, Fitting.FitInputs.PreprocessingFile);
            if (File.Exists(prepPath)) prep = System.Text.Json.JsonSerializer.Deserialize<PreprocessingConfig>(File.ReadAllText(prepPath), ModelConfig.JsonOptions)!;
            else File.WriteAllText(prepPath, System.Text.Json.JsonSerializer.Serialize(prep, ModelConfig.JsonOptions));
            var volumes = LoadVolumes(Manifest.Read(o.Manifest), prep, o.DilateMm, o.Threads);
            new DenseVicRegTrainer(o, prep, Console.Out).Run(volumes);
            return 0;
        });
        return command;
    }

    private static Command FitCommand()
    {
        var set = new FitOptionSet();
        var manifest = Required("--manifest", "Training manifest (CSV)");
        var run = Required("--run", "Run folder of the trained descriptor");
        var output = Required("--out", "Model package folder to write, e.g. models/NAME");
        var command = new Command("fit", "Density model + score calibration on normal voxels, ONNX export, model.json.") { manifest, run, output };
        set.AddTo(command);
        command.SetAction(p =>
        {
            var paths = new Fitting.FitPaths(p.GetValue(manifest)!, p.GetValue(run)!, p.GetValue(output)!);
            return new Fitting.ModelFitter(Console.Out).Run(paths, set.Read(p));
        });
        return command;
    }

    private static Command FitConfigCommand()
    {
        var set = new FitOptionSet();
        var command = new Command("fit-config", "Print the fit configuration that `fit` would run with (the defaults when nothing is given).");
        set.AddTo(command);
        command.SetAction(p =>
        {
            Console.Write(Fitting.FitConfigFile.Serialize(set.Read(p)));
            return 0;
        });
        return command;
    }

    private static Command CrossValidateCommand()
    {
        var set = new FitOptionSet();
        var manifest = Required("--manifest", "Manifest of all patients (CSV)");
        var run = Required("--run", "Run folder of the trained descriptor");
        var output = Required("--out", "Folder for the fold models, truth and eval-manifest.csv");
        var folds = new Option<int>("--folds") { Description = "Patient folds", DefaultValueFactory = _ => 3 };
        var foldSeed = new Option<int>("--fold-seed") { Description = "Seed of the patient shuffle", DefaultValueFactory = _ => 1 };
        var only = ListOption.Ints("--only-folds", "Fit only these folds, e.g. 1,2");
        var command = new Command("cv", "Patient-level folds: a model per fold fitted without its patients, and the manifest for `screener eval`.")
            { manifest, run, output, folds, foldSeed, only };
        set.AddTo(command);
        command.SetAction(p =>
        {
            var o = set.Read(p);
            var chosen = p.GetValue(only) is { Length: > 0 } f ? f : null;
            return new Validation.CrossValidation(Console.Out).Run(Manifest.Read(p.GetValue(manifest)!), p.GetValue(run)!, o, p.GetValue(output)!, p.GetValue(folds), p.GetValue(foldSeed), chosen);
        });
        return command;
    }

    /// <summary>Model stage on one study: per-stage seconds, per-window time, ratio to one forward pass, peak memory.</summary>
    private static Command BenchCommand()
    {
        var input = Required("--input", "A study (DICOM folder or NIfTI)");
        var model = ModelDir();
        var threads = Threads();
        var runs = new Option<int>("--runs") { Description = "Repeats", DefaultValueFactory = _ => 2 };
        var command = new Command("bench", "Time the model stage on one study.") { input, model, threads, runs };
        command.SetAction(p => Bench(p.GetValue(input)!, p.GetValue(model)!, p.GetValue(threads), p.GetValue(runs)));
        return command;
    }

    private static Command EvalCommand()
    {
        var manifest = Required("--manifest", "Manifest (CSV; exclusion boxes = lesion boxes)");
        var model = ModelDir();
        var png = new Option<string>("--png") { Description = "Folder for overlay PNGs" };
        var threads = Threads();
        var report = new Option<string>("--report") { Description = "Report JSON to write", DefaultValueFactory = _ => "artifacts/eval-report.json" };
        var command = new Command("eval", "The package through AnomalyScorer.Score: voxel AUROC, top component vs lesion boxes, timings, overlays.")
            { manifest, model, png, threads, report };
        command.SetAction(p => new Evaluation.PackageEvaluator(Console.Out).Run(p.GetValue(model)!, p.GetValue(manifest)!, p.GetValue(png), p.GetValue(threads), p.GetValue(report)!));
        return command;
    }

    private static int Bench(string input, string model, int threads, int runs)
    {
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
