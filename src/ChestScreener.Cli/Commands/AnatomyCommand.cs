using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using ChestScreener.Anatomy;
using ChestScreener.Anatomy.TotalSegmentator;
using ChestScreener.Dicom;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Reports.Images;
using ChestScreener.Results;
using SkiaSharp;

namespace ChestScreener.Cli.Commands;

/// <summary>`screener anatomy INPUT... [--png DIR] [--labels FILE]`: runs the anatomy stage and chest gate alone and prints what it found.</summary>
public static class AnatomyCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("input") { Description = "a study (.zip, DICOM folder or files, .nii/.nii.gz)", Arity = ArgumentArity.OneOrMore };
        var png = new Option<string?>("--png") { Description = "folder for overlay PNGs (axial and coronal slices with the regions)" };
        var labels = new Option<string?>("--labels") { Description = "write the region label volume to this .nii.gz (single input only)" };
        var threads = new Option<int>("--threads") { Description = "worker threads (0 = all cores)", DefaultValueFactory = _ => 0 };
        var totalSeg = new Option<string?>("--totalsegmentator") { Description = $"TotalSegmentator executable (default: ${TotalSegmentatorAdapter.EnvironmentVariable} when set)" };
        var command = new Command("anatomy", "Segment body, lungs, airways, mediastinum and chest wall, run the chest gate, print the anatomy summary as JSON.")
        {
            inputs, png, labels, threads, totalSeg,
        };
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(inputs) ?? [];
            var labelPath = parse.GetValue(labels);
            if (labelPath is not null && paths.Length != 1)
            {
                Console.Error.WriteLine("screener anatomy: --labels needs exactly one input; run once per study");
                return ExitCodes.Usage;
            }
            int code = ExitCodes.Ok;
            foreach (var path in paths)
            {
                try
                {
                    Run(path, parse.GetValue(png), labelPath, parse.GetValue(threads), parse.GetValue(totalSeg));
                }
                catch (ScreenerException e)
                {
                    Console.WriteLine(JsonSerializer.Serialize(new { input = path, status = ResultStatus.Rejected, rejection = new { code = e.Code.ToWire(), message = e.Message } }, ResultJson.Options));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
                {
                    Console.Error.WriteLine($"screener anatomy: {path}: {e.Message}");
                    code = ExitCodes.Failure;
                }
            }
            return code;
        });
        return command;
    }

    private static void Run(string path, string? pngDir, string? labelPath, int threads, string? totalSegmentator)
    {
        var clock = Stopwatch.StartNew();
        var ct = Load(path);
        double load = clock.Elapsed.TotalSeconds;
        clock.Restart();
        // Without --totalsegmentator, Analyze itself uses the executable named by the environment variable, if any.
        var anatomy = string.IsNullOrEmpty(totalSegmentator)
            ? AnatomyAnalyzer.Analyze(ct, threads)
            : TotalSegmentatorAdapter.Analyze(ct, new TotalSegmentatorOptions { Executable = totalSegmentator }, threads);
        double seconds = clock.Elapsed.TotalSeconds;
        var verdict = ChestGate.Evaluate(anatomy.Facts);
        if (labelPath is not null) NiftiWriter.Write(labelPath, anatomy.Labels, "chestscreener regions");
        var images = pngDir is null ? [] : WritePngs(pngDir, AnalyzeFolders.NameWithoutUid(path), ct, anatomy);
        var report = new
        {
            input = path,
            status = verdict.Passed ? ResultStatus.Ok : ResultStatus.Rejected,
            rejection = verdict.Passed ? null : new { code = verdict.Code.ToWire(), message = verdict.Message },
            anatomy = anatomy.ToSummary(),
            facts = anatomy.Facts,
            regions = RegionMap.ToDictionary(),
            images,
            timing_s = new { load = Math.Round(load, 3), anatomy = Math.Round(seconds, 3) },
        };
        Console.WriteLine(JsonSerializer.Serialize(report, ResultJson.Options));
    }

    /// <summary>The volume as the pipeline reads it, without the reader's chest checks: the gate is what this command shows.</summary>
    private static CtVolume Load(string path) => StudyReader.Read([path], ReadOptions.NoChestChecks);

    private static List<string> WritePngs(string dir, string name, CtVolume ct, AnatomyResult anatomy)
    {
        Directory.CreateDirectory(dir);
        foreach (var c in Path.GetInvalidFileNameChars()) name = name.Replace(c, '_');
        name = name.Replace(".nii.gz", "").Replace(".nii", "").Replace(".zip", "");
        var (slices, coronalRow) = PickSlices(anatomy);
        var renderer = new SliceRenderer(ct.Hu);
        var written = new List<string>();
        string[] levels = ["upper", "middle", "lower"];
        for (int n = 0; n < slices.Length; n++)
        {
            written.Add(Save(renderer.Render(SlicePlane.Axial, slices[n], WindowPreset.Lung, anatomy.Labels, SliceRenderer.DefaultLabelColors, labelAlpha: 110),
                Path.Combine(dir, $"{name}-axial-{levels[n]}.png")));
        }
        written.Add(Save(renderer.Render(SlicePlane.Coronal, coronalRow, WindowPreset.Lung, anatomy.Labels, SliceRenderer.DefaultLabelColors, labelAlpha: 110),
            Path.Combine(dir, $"{name}-coronal.png")));
        return written;
    }

    private static string Save(SKBitmap bitmap, string path)
    {
        using (bitmap)
        {
            DrawLegend(bitmap);
            SliceRenderer.SavePng(bitmap, path);
        }
        return path;
    }

    private static void DrawLegend(SKBitmap bitmap)
    {
        using var canvas = new SKCanvas(bitmap);
        float size = Math.Max(9f, bitmap.Width / 48f);
        using var font = new SKFont(SKTypeface.Default, size);
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var box = new SKPaint();
        float y = size + 2;
        for (byte id = 1; id < RegionMap.Count; id++)
        {
            box.Color = SliceRenderer.DefaultLabelColors[id];
            canvas.DrawRect(4, y - size + 2, size - 2, size - 2, box);
            canvas.DrawText(RegionMap.Name(id), size + 6, y, SKTextAlign.Left, font, text);
            y += size + 2;
        }
        canvas.DrawText("R", 4, bitmap.Height - 6, SKTextAlign.Left, font, text);
        canvas.DrawText("L", bitmap.Width - size, bitmap.Height - 6, SKTextAlign.Left, font, text);
    }

    /// <summary>Axial slices at 25/50/75 % of the lung height (top to bottom) and the coronal row through the lungs' centre.</summary>
    private static (int[] Axial, int CoronalRow) PickSlices(AnatomyResult anatomy)
    {
        var l = anatomy.Labels;
        int nx = l.SizeX, ny = l.SizeY, nz = l.SizeZ;
        var perSlice = new long[nz];
        long rows = 0, rowSum = 0;
        for (int z = 0; z < nz; z++)
        {
            var s = l.Slice(z);
            for (int y = 0; y < ny; y++)
            {
                for (int x = 0; x < nx; x++)
                {
                    if (!RegionMap.IsLung(s[y * nx + x])) continue;
                    perSlice[z]++; rows++; rowSum += y;
                }
            }
        }
        int first = Array.FindIndex(perSlice, c => c > 0), last = Array.FindLastIndex(perSlice, c => c > 0);
        if (first < 0) { first = 0; last = nz - 1; }
        bool headFirst = l.Geometry.AxisZ.Z < 0; // index 0 is the most superior slice
        int At(double f) => headFirst ? first + (int)((last - first) * f) : last - (int)((last - first) * f);
        return ([At(0.25), At(0.5), At(0.75)], rows == 0 ? ny / 2 : (int)(rowSum / rows));
    }
}
