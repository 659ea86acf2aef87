using CsCheck;
using ChestScreener.Tests;
using static ChestScreener.Dicom.Tests.Validation.HostileCorpus;

namespace ChestScreener.Dicom.Tests.Validation;

/// <summary>
/// Property-based fuzzing of the front door (CsCheck): real small inputs are mutated and read; every outcome must be a
/// volume or a <see cref="ScreenerException"/>, within a hang guard, with the temp root left empty. Iterations are few in
/// CI (a few seconds per target); CHESTSCREENER_FUZZ_ITER raises them for a longer hunt, and CHESTSCREENER_FUZZ_KEEP names
/// a folder where each input is written before it is read, so a native crash leaves the culprit behind.
/// Crashers found are replayed in <see cref="FuzzRegressionTests"/> from their (seed, count).
/// </summary>
[Collection(HostileCollection.Name)]
public class FuzzTests
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("CHESTSCREENER_FUZZ_ITER"), out var n) && n > 0 ? n : 150;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private static readonly Gen<(int Seed, int Count)> Mutations = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 6]);

    [SkippableFact]
    public void Mutated_ct_small_dcm_is_read_or_rejected() =>
        FuzzFile(File.ReadAllBytes(TestData.Require("syntax/ct_small.dcm")), "ct_small.dcm", hotBytes: 1500, ReadOptions.NoChestChecks);

    [Fact]
    public void Mutated_synthetic_slice_is_read_or_rejected()
    {
        using var temp = TestData.NewTempFolder();
        SyntheticDicom.Write(temp.File("seed.dcm"), new SyntheticSlice());
        var seed = File.ReadAllBytes(temp.File("seed.dcm"));
        FuzzFile(seed, "slice.dcm", hotBytes: seed.Length - 512, ReadOptions.NoChestChecks);
    }

    [SkippableFact]
    public void Mutated_compressed_slices_are_read_or_rejected()
    {
        foreach (var name in new[] { "syntax/jpeg_2000.dcm", "syntax/deflated.dcm", "syntax/rle.dcm" })
        {
            var bytes = File.ReadAllBytes(TestData.Require(name));
            // Hot zone = the whole file: the compressed stream is what the decoders see.
            FuzzFile(bytes, Path.GetFileName(name), hotBytes: Math.Min(bytes.Length, 16384), ReadOptions.NoChestChecks, Iterations / 3);
        }
    }

    [Fact]
    public void Mutated_zip_of_a_series_is_read_or_rejected()
    {
        using var temp = TestData.NewTempFolder();
        var zip = ZipFiles(temp.File("seed.zip"), ChestSeries(Path.Combine(temp.Path, "s")));
        var seed = File.ReadAllBytes(zip);
        FuzzFile(seed, "study.zip", hotBytes: seed.Length, new ReadOptions());
    }

    [Fact]
    public void Mutated_nifti_is_read_or_rejected()
    {
        var values = new float[8 * 8 * 6];
        for (int i = 0; i < values.Length; i++) values[i] = i - 200;
        var nii = Nifti([8, 8, 6], values, [1, 0, 0, -4, 0, 1, 0, -4, 0, 0, 2, 0]);
        FuzzFile(nii, "vol.nii", hotBytes: 352, ReadOptions.NoChestChecks);
        FuzzFile(Gzip(nii), "vol.nii.gz", hotBytes: 64, ReadOptions.NoChestChecks, Iterations / 2);
    }

    [Fact]
    public void A_series_with_one_mutated_slice_is_read_or_rejected()
    {
        using var temp = TestData.NewTempFolder();
        var files = ChestSeries(Path.Combine(temp.Path, "s"));
        var original = File.ReadAllBytes(files[4]);
        var root = Path.Combine(temp.Path, "unzip");
        Directory.CreateDirectory(root);
        Mutations.Sample(m =>
        {
            var bytes = FuzzMutator.Mutate(original, m.Seed, m.Count, original.Length - 512);
            if (Environment.GetEnvironmentVariable("CHESTSCREENER_FUZZ_KEEP") is { Length: > 0 } keep) File.WriteAllBytes(Path.Combine(keep, $"{m.Seed}-{m.Count}-series4.dcm"), bytes);
            File.WriteAllBytes(files[4], bytes);
            ReadOnce([Path.Combine(temp.Path, "s")], new ReadOptions { TempRoot = root, MaxThreads = 1 }, root, $"series slice 4 {m}");
        }, iter: Iterations / 2, threads: 1, print: m => $"(seed {m.Seed}, count {m.Count})");
    }

    /// <summary>Samples mutations of <paramref name="seed"/>, writes each as <paramref name="name"/> and reads it.</summary>
    internal static void FuzzFile(byte[] seed, string name, int hotBytes, ReadOptions options, int? iterations = null)
    {
        using var temp = TestData.NewTempFolder();
        var root = Path.Combine(temp.Path, "unzip");
        Directory.CreateDirectory(root);
        var keep = Environment.GetEnvironmentVariable("CHESTSCREENER_FUZZ_KEEP");
        Mutations.Sample(m =>
        {
            var bytes = FuzzMutator.Mutate(seed, m.Seed, m.Count, hotBytes);
            if (!string.IsNullOrEmpty(keep)) File.WriteAllBytes(Path.Combine(keep, $"{m.Seed}-{m.Count}-{name}"), bytes);
            var path = Path.Combine(temp.Path, name);
            File.WriteAllBytes(path, bytes);
            ReadOnce([path], options with { TempRoot = root, MaxThreads = 1 }, root, $"{name} {m}");
        }, iter: iterations ?? Iterations, threads: 1, print: m => $"{name} (seed {m.Seed}, count {m.Count})");
    }

    internal static void ReadOnce(IReadOnlyList<string> inputs, ReadOptions options, string tempRoot, string what)
    {
        var task = Task.Run(() => StudyReader.Read(inputs, options));
        if (Task.WhenAny(task, Task.Delay(HangGuard)).GetAwaiter().GetResult() != task) throw new TimeoutException($"{what}: the reader hung");
        if (task.IsFaulted && task.Exception!.InnerException is not ScreenerException)
            throw new InvalidOperationException($"{what}: crashed with {task.Exception.InnerException!.GetType().Name}", task.Exception.InnerException);
        var inspection = StudyReader.Inspect(inputs, options);
        if (inspection is null) throw new InvalidOperationException($"{what}: no inspection");
        if (Directory.GetFileSystemEntries(tempRoot).Length > 0) throw new InvalidOperationException($"{what}: temp files left behind");
    }
}
