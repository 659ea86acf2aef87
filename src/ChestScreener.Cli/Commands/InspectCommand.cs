using System.CommandLine;
using System.Text.Json;
using ChestScreener.Dicom;
using ChestScreener.Results;

namespace ChestScreener.Cli.Commands;

/// <summary>`screener inspect INPUT...`: every series in the input, which one would be analysed and why, warnings (JSON, tags only).</summary>
public static class InspectCommand
{
    // Kernel names like "STD+" and descriptions read better unescaped; the output is printed, not embedded in HTML.
    private static readonly JsonSerializerOptions Json = new(ResultJson.Options) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var inputs = new Argument<string[]>("input") { Description = "one study: a .zip, a DICOM folder, DICOM file(s) or a .nii/.nii.gz", Arity = ArgumentArity.OneOrMore };
        var noChest = new Option<bool>("--no-chest-checks") { Description = "skip the body-part and coverage checks (modality is still checked)" };
        var command = new Command("inspect", "List the series in a study and which one would be analysed, as JSON (reads tags only, decodes no pixels).")
        {
            inputs, noChest,
        };
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(inputs) ?? [];
            var options = parse.GetValue(noChest) ? ReadOptions.NoChestChecks : new ReadOptions();
            try
            {
                var inspection = StudyReader.Inspect(paths, options);
                Console.WriteLine(JsonSerializer.Serialize(inspection, Json));
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"screener inspect: {e.Message}; check that the input exists and is readable");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
