using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ChestScreener.Dicom;
using ChestScreener.Imaging.Nifti;

namespace ChestScreener.Cli.Commands;

/// <summary>`screener convert INPUT OUT.nii.gz`: the volume exactly as the pipeline reads it (HU, int16) with its RAS affine.</summary>
public static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "one study: a .zip, a DICOM folder or file, or a .nii/.nii.gz" };
        var output = new Argument<string>("output") { Description = "the NIfTI file to write (.nii or .nii.gz)" };
        var noChest = new Option<bool>("--no-chest-checks") { Description = "skip the body-part and coverage checks (modality is still checked)" };
        var threads = new Option<int>("--threads") { Description = "files decoded at once (0 = all cores)", DefaultValueFactory = _ => 0 };
        var command = new Command("convert", "Write the CT volume as the pipeline reads it (HU, int16, correct affine) to NIfTI.")
        {
            input, output, noChest, threads,
        };
        command.SetAction(parse =>
        {
            var source = parse.GetValue(input)!;
            var target = parse.GetValue(output)!;
            if (!NiftiReader.LooksLikeNifti(target))
            {
                Console.Error.WriteLine($"screener convert: output '{target}' must end in .nii or .nii.gz");
                return ExitCodes.Usage;
            }
            var options = parse.GetValue(noChest) ? ReadOptions.NoChestChecks : new ReadOptions();
            int n = parse.GetValue(threads);
            if (n > 0) options = options with { MaxThreads = n };
            var clock = Stopwatch.StartNew();
            try
            {
                var volume = StudyReader.Read([source], options);
                NiftiWriter.Write(target, volume.Hu, "ChestScreener HU");
                foreach (var w in volume.Warnings) Console.Error.WriteLine($"screener convert: warning: {w}");
                var g = volume.Geometry;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{target}: {g.SizeX}x{g.SizeY}x{g.SizeZ} voxels, {g.Spacing.X:0.###}x{g.Spacing.Y:0.###}x{g.Spacing.Z:0.###} mm, series {volume.Info.SeriesUid}, {clock.Elapsed.TotalSeconds:0.00} s"));
                return ExitCodes.Ok;
            }
            catch (ScreenerException e)
            {
                Console.Error.WriteLine($"screener convert: {source} rejected ({e.Code.ToWire()}): {e.Message}");
                return ExitCodes.Failure;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"screener convert: {e.Message}; check the paths and free disk space");
                return ExitCodes.Failure;
            }
        });
        return command;
    }
}
