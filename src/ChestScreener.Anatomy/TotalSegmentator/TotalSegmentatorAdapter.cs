using System.Diagnostics;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Nifti;

namespace ChestScreener.Anatomy.TotalSegmentator;

/// <summary>Runs an installed TotalSegmentator (--fast --ml) and merges its lobes, trachea, heart, aorta, oesophagus and ribs into the anatomy.</summary>
public static class TotalSegmentatorAdapter
{
    /// <summary>Environment variable naming the executable; unset = classical segmentation only.</summary>
    public const string EnvironmentVariable = "CHESTSCREENER_TOTALSEGMENTATOR";

    /// <summary>Options from <see cref="EnvironmentVariable"/>, or null when it is not set.</summary>
    public static TotalSegmentatorOptions? FromEnvironment() => FromVariable(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>Options for an executable named by a variable's value; null (classical only) when it is empty.</summary>
    public static TotalSegmentatorOptions? FromVariable(string? executable) =>
        string.IsNullOrWhiteSpace(executable) ? null : new TotalSegmentatorOptions { Executable = executable.Trim() };

    /// <summary>
    /// Classical anatomy first (body, mediastinum, chest wall, fallback), then TotalSegmentator's classes on top; the
    /// gate then decides on TotalSegmentator's lungs. When TotalSegmentator fails the classical result is returned with
    /// a check line that says why.
    /// </summary>
    public static AnatomyResult Analyze(CtVolume ct, TotalSegmentatorOptions options, int threads = 0)
    {
        var core = AnatomyAnalyzer.AnalyzeCore(ct, AnatomyOptions.Default, threads);
        Volume<byte> segmentation;
        try
        {
            segmentation = Run(ct, options);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or ScreenerException)
        {
            var checks = new List<string>(core.Result.Checks);
            checks.Insert(0, $"TotalSegmentator not used ({e.Message}); classical segmentation");
            return new AnatomyResult
            {
                Labels = core.Result.Labels, Body = core.Result.Body, LeftLungMl = core.Result.LeftLungMl, RightLungMl = core.Result.RightLungMl,
                Facts = core.Result.Facts, Checks = checks, Warnings = core.Result.Warnings, Elapsed = core.Result.Elapsed,
            };
        }
        return TotalSegmentatorMerge.Merge(ct, core, segmentation, options.Classes, threads);
    }

    /// <summary>Writes the CT as NIfTI, runs the executable, reads its multi-label file back on the CT grid.</summary>
    public static Volume<byte> Run(CtVolume ct, TotalSegmentatorOptions options)
    {
        var folder = Path.Combine(options.TempRoot ?? Path.GetTempPath(), "chestscreener-ts-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var input = Path.Combine(folder, "ct.nii"); // uncompressed: gzip would cost more than TotalSegmentator reading it
            var output = Path.Combine(folder, "segmentation.nii.gz");
            NiftiWriter.Write(input, ct.Hu, "chestscreener ct");
            var psi = new ProcessStartInfo(options.Executable)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
                WorkingDirectory = folder,
            };
            foreach (var a in Arguments(input, output, options)) psi.ArgumentList.Add(a);
            using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {options.Executable}");
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(options.Timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"TotalSegmentator did not finish within {options.Timeout.TotalMinutes:0} min");
            }
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var tail = stderr.Result.Trim().Split('\n').LastOrDefault() ?? "";
                throw new InvalidOperationException($"TotalSegmentator exited with {process.ExitCode}: {tail.Trim()}");
            }
            _ = stdout.Result;
            if (!File.Exists(output)) throw new InvalidOperationException("TotalSegmentator wrote no label file");
            return ToCtGrid(NiftiReader.Read(output).Values, ct.Geometry);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The command line: input, multi-label output, fast model, extra arguments.</summary>
    public static List<string> Arguments(string input, string output, TotalSegmentatorOptions options)
    {
        var args = new List<string> { "-i", input, "-o", output, "--ml" };
        if (options.Fast) args.Add("--fast");
        args.AddRange(options.ExtraArguments);
        return args;
    }

    /// <summary>Label values as bytes on the CT grid (nearest neighbour through patient coordinates when the grids differ).</summary>
    private static Volume<byte> ToCtGrid(Volume<float> labels, Imaging.Geometry.VolumeGeometry ct)
    {
        var dst = new Volume<byte>(ct);
        var src = labels.Geometry;
        bool same = src.SizeX == ct.SizeX && src.SizeY == ct.SizeY && src.SizeZ == ct.SizeZ
            && (src.Origin - ct.Origin).Length < 0.5 && (src.AxisX - ct.AxisX).Length < 1e-3 && (src.AxisY - ct.AxisY).Length < 1e-3;
        if (same)
        {
            for (long i = 0; i < dst.Data.LongLength; i++) dst.Data[i] = (byte)Math.Clamp(MathF.Round(labels.Data[i]), 0, 255);
            return dst;
        }
        Parallel.For(0, ct.SizeZ, z =>
        {
            for (int y = 0; y < ct.SizeY; y++)
            {
                for (int x = 0; x < ct.SizeX; x++)
                {
                    var p = src.LpsToIndex(ct.IndexToLps(x, y, z));
                    int i = (int)Math.Round(p.X), j = (int)Math.Round(p.Y), k = (int)Math.Round(p.Z);
                    if (!src.Contains(i, j, k)) continue;
                    dst[x, y, z] = (byte)Math.Clamp(MathF.Round(labels[i, j, k]), 0, 255);
                }
            }
        });
        return dst;
    }
}
