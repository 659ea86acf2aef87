using System.CommandLine;
using ChestScreener.Pipeline;
using ChestScreener.Reports;

namespace ChestScreener.Cli.Commands;

/// <summary>`screener analyze INPUT...`: the pipeline on each study, one line per study, per-study outputs and the LCT summary table.</summary>
public static class AnalyzeCommand
{
    public const string DefaultOut = "screener-out";

    /// <summary>Builds the command; tests pass their own pipeline factory and writers.</summary>
    public static Command Create(Func<AnalyzeSettings, StudyPipeline>? pipelineFactory = null, TextWriter? output = null, TextWriter? error = null)
    {
        var inputs = new Argument<string[]>("inputs")
        {
            Description = "Studies: .zip, DICOM folder or file, .nii/.nii.gz; a folder of zips/NIfTI files or of study folders expands to one study each",
            Arity = ArgumentArity.OneOrMore,
        };
        var outDir = new Option<string>("--out", "-o") { Description = "Output folder (one sub-folder per study, plus summary.xlsx/csv)", DefaultValueFactory = _ => DefaultOut };
        var format = new Option<string>("--format", "-f") { Description = $"Comma-separated outputs: {OutputFormatParser.ValidNames} or all (json is always written)", DefaultValueFactory = _ => OutputFormatParser.ToText(OutputFormats.Default) };
        var threads = new Option<int>("--threads", "-t") { Description = "Worker threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var model = new Option<string?>("--model") { Description = "Model folder (default: $CHESTSCREENER_MODEL or the shipped models/screener-v2; models/screener-v1 stays loadable)" };
        var force = new Option<bool>("--force") { Description = "Re-analyse studies that already have results in the output folder" };

        var command = new Command("analyze", "Analyse chest CT studies: verdict, probability, findings with regions and boxes, reports.");
        command.Arguments.Add(inputs);
        command.Options.Add(outDir);
        command.Options.Add(format);
        command.Options.Add(threads);
        command.Options.Add(model);
        command.Options.Add(force);
        command.SetAction(parse =>
        {
            var o = output ?? Console.Out;
            var e = error ?? Console.Error;
            // Everything cheap is checked before the model is loaded or any study is read.
            var problems = new List<string>();
            OutputFormats formats = OutputFormats.Default;
            try { formats = OutputFormatParser.Parse(parse.GetValue(format)); }
            catch (FormatException x) { problems.Add($"--format: {x.Message}"); }
            int t = parse.GetValue(threads);
            if (t is < 1 or > 256) problems.Add($"--threads must be between 1 and 256, got {t}");
            var outPath = parse.GetValue(outDir) ?? DefaultOut;
            if (File.Exists(outPath)) problems.Add($"--out '{outPath}' is a file; give a folder");
            var modelDir = parse.GetValue(model);
            if (modelDir is not null && !Directory.Exists(modelDir)) problems.Add($"--model '{modelDir}' is not a folder");
            var studies = AnalyzeInputs.Expand(parse.GetValue(inputs) ?? [], problems);
            if (problems.Count == 0 && studies.Count == 0) problems.Add("no studies found in the inputs");
            if (problems.Count > 0)
            {
                e.WriteLine($"screener analyze: {string.Join("; ", problems)} (see screener analyze --help)");
                return ExitCodes.Usage;
            }

            var settings = new AnalyzeSettings { Inputs = studies, OutDir = Path.GetFullPath(outPath), Formats = formats, Threads = t, ModelDir = modelDir, Force = parse.GetValue(force) };
            StudyPipeline pipeline;
            try
            {
                pipeline = (pipelineFactory ?? DefaultPipeline)(settings);
            }
            catch (Exception x)
            {
                e.WriteLine($"screener analyze: cannot load the model{(modelDir is null ? "" : $" from '{modelDir}'")}: {x.Message} (pass --model DIR or set CHESTSCREENER_MODEL)");
                return ExitCodes.Usage;
            }
            using (pipeline)
            {
                bool interactive = output is null && !Console.IsOutputRedirected && Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive;
                return new AnalyzeRunner(settings, pipeline, o, e).Run(interactive);
            }
        });
        return command;
    }

    private static StudyPipeline DefaultPipeline(AnalyzeSettings s) =>
        StudyPipeline.CreateDefault(s.ModelDir, new PipelineOptions { Threads = s.Threads, Formats = s.Formats });
}
