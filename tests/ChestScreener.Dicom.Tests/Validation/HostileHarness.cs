using System.Diagnostics;
using System.Globalization;
using ChestScreener.Imaging;
using ChestScreener.Tests;

namespace ChestScreener.Dicom.Tests.Validation;

/// <summary>Hostile-input tests run one at a time so that the peak-memory reading belongs to the case being run.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostileCollection
{
    public const string Name = "hostile inputs";
}

/// <summary>
/// Runs the reader on one bad input under guard: it must end (a hang guard, not a timing assertion), throw only a
/// <see cref="ScreenerException"/> (or read), stay within a memory bound and leave its temp root empty. With
/// CHESTSCREENER_HOSTILE_REPORT set, appends "case | outcome | message | ms | peak MB" rows for docs/RELIABILITY.md.
/// </summary>
internal static class HostileHarness
{
    /// <summary>A case that takes longer than this is a hang (the slowest real case takes well under a second).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    /// <summary>Growth of the peak resident set allowed while reading a bad input (toy inputs need a few MB).</summary>
    public const long MemoryBoundBytes = 400L << 20;

    public sealed record Outcome(ScreenerException? Error, CtVolume? Volume, double Ms, long PeakGrowthBytes);

    public static ScreenerException Rejected(string name, IReadOnlyList<string> inputs, RejectionCode code, ReadOptions? options = null)
    {
        var o = Run(name, inputs, options);
        Assert.True(o.Error is not null, $"{name}: expected {code.ToWire()}, but it read a volume");
        Assert.Equal(code, o.Error!.Code);
        Assert.False(string.IsNullOrWhiteSpace(o.Error.Message));
        return o.Error;
    }

    public static Outcome Run(string name, IReadOnlyList<string> inputs, ReadOptions? options = null)
    {
        using var temp = TestData.NewTempFolder();
        var opts = (options ?? new ReadOptions()) with { TempRoot = temp.Path, MaxThreads = 2 };
        long baseline = ResetPeak();
        var watch = Stopwatch.StartNew();
        var task = Task.Run(() => StudyReader.Read(inputs, opts));
        Assert.True(Task.WhenAny(task, Task.Delay(HangGuard)).GetAwaiter().GetResult() == task, $"{name}: the reader did not finish within the hang guard");
        watch.Stop();
        long growth = Math.Max(0, PeakRss() - baseline);
        ScreenerException? error = null;
        CtVolume? volume = null;
        if (task.IsFaulted)
        {
            var inner = task.Exception!.InnerException!;
            error = inner as ScreenerException ?? throw new Xunit.Sdk.XunitException($"{name}: crashed with {inner.GetType().Name} instead of a rejection: {inner}");
        }
        else
        {
            volume = task.Result;
        }
        Assert.True(growth < MemoryBoundBytes, $"{name}: peak memory grew by {growth >> 20} MB");
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
        // Inspection must never throw on the same input.
        var inspection = StudyReader.Inspect(inputs, opts);
        Assert.NotNull(inspection);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
        Report(name, error, volume, watch.Elapsed.TotalMilliseconds, growth);
        return new Outcome(error, volume, watch.Elapsed.TotalMilliseconds, growth);
    }

    /// <summary>Resets the kernel's peak-RSS mark (Linux: "5" to clear_refs) and returns the current RSS.</summary>
    private static long ResetPeak()
    {
        GC.Collect();
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Status("VmRSS:");
    }

    private static long PeakRss() => Status("VmHWM:");

    private static long Status(string key)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
                var kb = line[key.Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) << 10;
            }
        }
        catch (IOException) { }
        return Environment.WorkingSet;
    }

    private static readonly Lock ReportLock = new();

    private static void Report(string name, ScreenerException? error, CtVolume? volume, double ms, long growth)
    {
        var path = Environment.GetEnvironmentVariable("CHESTSCREENER_HOSTILE_REPORT");
        if (string.IsNullOrEmpty(path)) return;
        var outcome = error is not null ? error.Code.ToWire() : $"read {volume!.Geometry.SizeX}x{volume.Geometry.SizeY}x{volume.Geometry.SizeZ}";
        var message = (error?.Message ?? string.Join("; ", volume!.Warnings)).Replace('|', '/').Replace('\n', ' ');
        if (message.Length > 160) message = message[..157] + "...";
        lock (ReportLock)
        {
            File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture, $"| {name} | {outcome} | {message} | {ms:0} | {growth / 1048576.0:0.0} |\n"));
        }
    }
}
