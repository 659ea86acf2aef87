using System.Diagnostics;
using System.Globalization;
using ChestScreener.Dicom;
using ChestScreener.Imaging.Nifti;

namespace ChestScreener.Bench;

/// <summary>
/// Reading benchmark, one measurement per process so that /usr/bin/time sees its peak memory:
/// `read INPUT [THREADS]` reads the study to an HU volume; `convert INPUT OUT.nii [THREADS]` also writes it (like dcm2niix).
/// Prints one line: mode, seconds inside the process, CPU seconds, volume size.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("read" or "convert"))
        {
            Console.Error.WriteLine("usage: ChestScreener.Bench read INPUT [THREADS] | convert INPUT OUT.nii [THREADS]");
            return 2;
        }
        bool convert = args[0] == "convert";
        int threadsArg = convert ? 3 : 2;
        var options = new ReadOptions();
        if (args.Length > threadsArg) options = options with { MaxThreads = int.Parse(args[threadsArg], CultureInfo.InvariantCulture) };
        var clock = Stopwatch.StartNew();
        var volume = StudyReader.Read([args[1]], options);
        if (convert) NiftiWriter.Write(args[2], volume.Hu, "bench");
        var g = volume.Geometry;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{args[0]} in-process {clock.Elapsed.TotalSeconds:0.000} s, process cpu {cpu:0.000} s, {g.SizeX}x{g.SizeY}x{g.SizeZ}"));
        return 0;
    }
}
