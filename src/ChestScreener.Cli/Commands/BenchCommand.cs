using System.CommandLine;
using System.Text.Json;
using ChestScreener.Evaluation.Bench;
using ChestScreener.Evaluation.Eval;
using ChestScreener.Pipeline.Profiling;

namespace ChestScreener.Cli.Commands;

/// <summary>`screener bench INPUT --threads N --repeat R`: per-stage times, peak memory, and ratios to dcm2niix and to one descriptor forward pass.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "One study (DICOM folder, zip or NIfTI)" };
        var threads = new Option<int>("--threads", "-t") { Description = "Worker threads", DefaultValueFactory = _ => 2 };
        var repeat = new Option<int>("--repeat", "-r") { Description = "Runs per measurement", DefaultValueFactory = _ => 3 };
        var model = new Option<string?>("--model") { Description = "Model folder (default: $CHESTSCREENER_MODEL or the shipped models/screener-v2; models/screener-v1 stays loadable)" };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file" };
        var noDcm2niix = new Option<bool>("--no-dcm2niix") { Description = "Skip the dcm2niix comparison" };
        var detail = new Option<bool>("--detail") { Description = "Also time each step of the model stage (repeated on the same CT) and print total/dcm2niix and model/forward-pass ratios" };
        var command = new Command("bench", "Benchmark the pipeline on one study: per-stage median/min/max, peak memory, ratios to dcm2niix reading and to one forward pass.")
        {
            input, threads, repeat, model, json, noDcm2niix, detail,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(input)!;
            if (!File.Exists(path) && !Directory.Exists(path)) { Console.Error.WriteLine($"screener bench: '{path}' does not exist"); return ExitCodes.Usage; }
            int r = parse.GetValue(repeat), t = parse.GetValue(threads);
            if (r < 1 || t < 1) { Console.Error.WriteLine("screener bench: --repeat and --threads must be at least 1"); return ExitCodes.Usage; }
            try
            {
                var report = BenchRunner.Run(new BenchOptions { Input = path, Threads = t, Repeat = r, ModelDirectory = parse.GetValue(model), Dcm2Niix = !parse.GetValue(noDcm2niix) },
                    line => Console.Error.WriteLine("bench: " + line));
                ModelStageProfile? profile = null;
                if (parse.GetValue(detail))
                    profile = ModelStageProfile.Measure(path, parse.GetValue(model), t, r, line => Console.Error.WriteLine("bench: " + line));
                if (parse.GetValue(json) is { } j)
                    // Without --detail the file is the report as before; with it, the report and the model stage's steps.
                    File.WriteAllText(j, profile is null ? JsonSerializer.Serialize(report, EvalReport.JsonOptions)
                        : JsonSerializer.Serialize(new { report, model_stage_detail = profile }, EvalReport.JsonOptions));
                Console.WriteLine(BenchRunner.Markdown(report));
                if (profile is not null) Console.WriteLine(BenchDetail.Markdown(report, profile));
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"screener bench: {e.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
