using ChestScreener.Anatomy.Tests.Phantoms;
using ChestScreener.Anatomy.TotalSegmentator;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Tests;

namespace ChestScreener.Anatomy.Tests;

public class TotalSegmentatorAdapterTests
{
    /// <summary>A stand-in executable: records its arguments, copies a prepared label file to the -o path (or fails).</summary>
    private static string WriteStandIn(TempFolder tmp, string prepared, int exitCode = 0)
    {
        var script = tmp.File("TotalSegmentator");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            echo "$@" > "{{tmp.File("args.txt")}}"
            out=""
            while [ $# -gt 0 ]; do
              if [ "$1" = "-o" ]; then out="$2"; fi
              shift
            done
            if [ {{exitCode}} -ne 0 ]; then echo "CUDA out of memory" >&2; exit {{exitCode}}; fi
            cp "{{prepared}}" "$out"
            """.Replace("\r\n", "\n"));
        Skip.If(OperatingSystem.IsWindows(), "the stand-in executable is a POSIX shell script");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    /// <summary>TotalSegmentator v2 ids from the phantom truth: lobes split at z = 0, trachea, heart.</summary>
    private static Volume<byte> Labels(ChestPhantom p, TotalSegmentatorClasses c)
    {
        var g = p.Ct.Geometry;
        var v = new Volume<byte>(g);
        for (int k = 0; k < g.SizeZ; k++)
            for (int j = 0; j < g.SizeY; j++)
                for (int i = 0; i < g.SizeX; i++)
                {
                    long n = g.Index(i, j, k);
                    bool upper = g.IndexToLps(i, j, k).Z > 0;
                    v.Data[n] = p.Truth[n] switch
                    {
                        ChestPhantom.TruthRight => (byte)(upper ? c.LungUpperLobeRight : c.LungLowerLobeRight),
                        ChestPhantom.TruthLeft => (byte)(upper ? c.LungUpperLobeLeft : c.LungLowerLobeLeft),
                        ChestPhantom.TruthAirway => (byte)c.Trachea,
                        _ => 0,
                    };
                }
        return v;
    }

    [SkippableFact]
    public void LabelsFromTheExecutableDriveLungsLobesAndGate()
    {
        using var tmp = TestData.NewTempFolder();
        var phantom = ChestPhantom.Create(PhantomLayout.RowsReversed);
        var classes = TotalSegmentatorClasses.TotalV2;
        var truth = Labels(phantom, classes);
        var prepared = tmp.File("prepared.nii.gz");
        NiftiWriter.Write(prepared, truth);
        var work = Directory.CreateDirectory(tmp.File("work")).FullName;
        var options = new TotalSegmentatorOptions { Executable = WriteStandIn(tmp, prepared), TempRoot = work };

        var a = TotalSegmentatorAdapter.Analyze(phantom.Ct, options, threads: 2);

        var args = File.ReadAllText(tmp.File("args.txt"));
        Assert.Contains("--ml", args);
        Assert.Contains("--fast", args);
        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
        Assert.Equal("totalsegmentator", a.Facts.Method);
        long right = 0, left = 0;
        foreach (var t in phantom.Truth) { if (t == ChestPhantom.TruthRight) right++; else if (t == ChestPhantom.TruthLeft) left++; }
        double ml = phantom.Ct.Geometry.VoxelVolumeMm3 / 1000;
        Assert.Equal(right * ml, a.RightLungMl, 6);
        Assert.Equal(left * ml, a.LeftLungMl, 6);
        Assert.NotNull(a.Lobes);
        var m = Overlap.Measure(a.Labels.Data, phantom.Truth);
        Assert.Equal(1.0, m.LungDice, 6);
        Assert.Equal(0, m.SwappedVoxels);
        for (long i = 0; i < truth.Data.LongLength; i++)
        {
            if (truth.Data[i] == classes.Trachea) Assert.Equal(RegionMap.Airways, a.Labels.Data[i]);
            if (classes.LobeName(truth.Data[i]) is not null) Assert.Equal(truth.Data[i], a.Lobes!.Data[i]);
        }
        Assert.Contains(a.Checks, c => c.Contains("from TotalSegmentator"));
        ChestGate.Check(a);
    }

    [SkippableFact]
    public void FailingExecutableFallsBackToTheClassicalSegmentation()
    {
        using var tmp = TestData.NewTempFolder();
        var phantom = ChestPhantom.Create();
        var work = Directory.CreateDirectory(tmp.File("work")).FullName;
        var options = new TotalSegmentatorOptions { Executable = WriteStandIn(tmp, tmp.File("none.nii.gz"), exitCode: 3), TempRoot = work };

        var a = TotalSegmentatorAdapter.Analyze(phantom.Ct, options, threads: 2);

        Assert.Equal("classical", a.Facts.Method);
        Assert.Contains(a.Checks, c => c.Contains("TotalSegmentator exited with 3: CUDA out of memory"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(work));
        Assert.True(a.LeftLungMl > 400 && a.RightLungMl > 400);
    }

    [SkippableFact]
    public void EngineOptionRoutesAnalyzeThroughTheAdapter()
    {
        using var tmp = TestData.NewTempFolder();
        var phantom = ChestPhantom.Create();
        var prepared = tmp.File("prepared.nii.gz");
        NiftiWriter.Write(prepared, Labels(phantom, TotalSegmentatorClasses.TotalV2));
        var options = new TotalSegmentatorOptions { Executable = WriteStandIn(tmp, prepared) };

        Assert.Equal("totalsegmentator", AnatomyAnalyzer.Analyze(phantom.Ct, options, threads: 2).Facts.Method);
        Assert.Equal("classical", AnatomyAnalyzer.Analyze(phantom.Ct, totalSegmentator: null, threads: 2).Facts.Method);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("/opt/ts/bin/TotalSegmentator", "/opt/ts/bin/TotalSegmentator")]
    [InlineData(" TotalSegmentator\n", "TotalSegmentator")]
    public void EnvironmentFallbackNamesTheExecutableOrNothing(string? value, string? executable)
    {
        // The variable's value is parsed here without setting it: the process-wide variable would leak into parallel tests.
        var options = TotalSegmentatorAdapter.FromVariable(value);
        Assert.Equal(executable, options?.Executable);
        if (options is not null) Assert.True(options.Fast);
    }
}
