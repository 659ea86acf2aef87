using System.CommandLine;
using ChestScreener.Evaluation.Synthesis;

namespace ChestScreener.Cli.Commands;

/// <summary>`screener synth`: the synthetic-lesion evaluation set (DICOM studies, NIfTI truth masks, previews, manifest.csv) from the lesion-free slabs of the shared chest scans.</summary>
public static class SynthCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder (studies/, masks/, previews/, manifest.csv)", DefaultValueFactory = _ => "eval-set" };
        var data = new Option<string?>("--data") { Description = "Shared data folder holding chest/lesions.json (default: $CHESTSCREENER_DATA, ../shared/data)" };
        var lesions = new Option<string?>("--lesions") { Description = "lesions.json to use (default: DATA/chest/lesions.json)" };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same set, UIDs included", DefaultValueFactory = _ => 1 };
        var limit = new Option<int>("--limit") { Description = "Keep only the first N lesion studies of the plan (0 = all)", DefaultValueFactory = _ => 0 };
        var minSlab = new Option<double>("--min-slab-mm") { Description = "Skip lesion-free ranges shorter than this (mm)", DefaultValueFactory = _ => 60 };
        var noNegatives = new Option<bool>("--no-negatives") { Description = "Do not list the shared non-chest inputs as must-reject rows" };
        var threads = new Option<int>("--threads", "-t") { Description = "Worker threads", DefaultValueFactory = _ => 2 };
        var previewsOnly = new Option<bool>("--previews-only") { Description = "Only insert the lesions and draw previews/ (no DICOM, masks or manifest): for reviewing the generator" };
        var command = new Command("synth", "Insert synthetic lesions (nodules, ground glass, consolidation, effusion, pneumothorax, emphysema) into lesion-free slabs of real chest CT; write DICOM studies, truth masks and a manifest for screener eval.")
        {
            outDir, data, lesions, seed, limit, minSlab, noNegatives, threads, previewsOnly,
        };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(data) ?? Environment.GetEnvironmentVariable("CHESTSCREENER_DATA")
                ?? new[] { "../shared/data", "shared/data" }.FirstOrDefault(Directory.Exists);
            if (root is null || !Directory.Exists(root))
            {
                Console.Error.WriteLine("screener synth: the shared data folder was not found; pass --data DIR (the folder holding chest/lesions.json)");
                return ExitCodes.Usage;
            }
            var options = new SynthOptions
            {
                DataRoot = Path.GetFullPath(root),
                OutputFolder = Path.GetFullPath(parse.GetValue(outDir)!),
                LesionsJson = parse.GetValue(lesions) ?? "",
                Seed = parse.GetValue(seed),
                Limit = parse.GetValue(limit),
                MinSlabMm = parse.GetValue(minSlab),
                Negatives = !parse.GetValue(noNegatives),
                Threads = Math.Max(1, parse.GetValue(threads)),
                PreviewsOnly = parse.GetValue(previewsOnly),
            };
            try
            {
                var rows = new SynthSetBuilder(options, m => Console.WriteLine("synth: " + m)).Build();
                Console.WriteLine($"synth: {rows.Count} studies listed in {Path.Combine(options.OutputFolder, "manifest.csv")}");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ScreenerException or UnauthorizedAccessException or System.Text.Json.JsonException or KeyNotFoundException)
            {
                Console.Error.WriteLine($"screener synth: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
