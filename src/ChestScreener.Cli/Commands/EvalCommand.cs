using System.CommandLine;
using System.Globalization;
using ChestScreener.Evaluation.Eval;

namespace ChestScreener.Cli.Commands;

/// <summary>`screener eval --manifest M.csv`: the pipeline over a labelled set; eval.json, roc.png, scores.png and summary.md.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var manifest = new Option<string>("--manifest", "-m") { Description = "CSV with columns study,path,label(normal|pathology|reject)[,mask][,box_lps][,kind][,size_mm]...", Required = true };
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder", DefaultValueFactory = _ => "eval-out" };
        var model = new Option<string?>("--model") { Description = "Model folder (default: $CHESTSCREENER_MODEL or the shipped models/screener-v2; models/screener-v1 stays loadable)" };
        var threads = new Option<int>("--threads", "-t") { Description = "Worker threads", DefaultValueFactory = _ => 2 };
        var reslice = new Option<string?>("--reslice") { Description = "Also score every lesion study with a mask re-sliced to these slice thicknesses (mm, comma-separated, e.g. 5,8)" };
        var slabs = new Option<bool>("--slabs") { Description = "The set holds short lesion-free slabs: accept ≥ 60 mm coverage and lungs cut at the scan ends (other gate rules stay)" };
        var boot = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the AUROC CI", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Bootstrap seed", DefaultValueFactory = _ => 1 };
        var command = new Command("eval", "Evaluate the screener on a labelled set: study AUROC with bootstrap CI, sensitivity/specificity, detection by lesion kind and size, voxel AUROC, gate, time.")
        {
            manifest, outDir, model, threads, slabs, boot, seed, reslice,
        };
        command.SetAction(parse =>
        {
            var m = parse.GetValue(manifest)!;
            if (!File.Exists(m)) { Console.Error.WriteLine($"screener eval: manifest '{m}' does not exist"); return ExitCodes.Usage; }
            var modelDir = parse.GetValue(model);
            if (modelDir is not null && !Directory.Exists(modelDir)) { Console.Error.WriteLine($"screener eval: --model '{modelDir}' is not a folder"); return ExitCodes.Usage; }
            var options = new EvalOptions
            {
                ManifestPath = Path.GetFullPath(m),
                OutputFolder = Path.GetFullPath(parse.GetValue(outDir)!),
                ModelDirectory = modelDir,
                Threads = Math.Max(1, parse.GetValue(threads)),
                Slabs = parse.GetValue(slabs),
                BootstrapResamples = Math.Max(100, parse.GetValue(boot)),
                Seed = parse.GetValue(seed),
                ResliceMm = (parse.GetValue(reslice) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray(),
            };
            try
            {
                var report = EvalRunner.CreateDefault(options, line => Console.WriteLine("eval: " + line)).Run();
                var auc = report.StudyAuc;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"eval: AUROC {auc?.Estimate:0.000} (95% CI {auc?.Lower:0.000}-{auc?.Upper:0.000}); shipped sensitivity {report.Shipped.Sensitivity:0.00}, specificity {report.Shipped.Specificity:0.00}; results in {options.OutputFolder}"));
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or FormatException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
            {
                Console.Error.WriteLine($"screener eval: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
