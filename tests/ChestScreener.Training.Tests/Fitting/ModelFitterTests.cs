using System.Text.Json;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Model;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Tests;
using ChestScreener.Training.Fitting;
using ChestScreener.Training.Networks;
using ChestScreener.Training.Ssl;

namespace ChestScreener.Training.Tests.Fitting;

/// <summary>
/// ModelFitter.Run end to end on a tiny run folder (an untrained 2-level network, two phantom chests of different
/// patients): the package it writes loads as inference loads it, the descriptor cache is used, two runs agree, and a
/// setting that cannot be fitted is refused before anything is written.
/// </summary>
public sealed class ModelFitterTests : IDisposable
{
    private readonly TempFolder _dir = TestData.NewTempFolder();

    public void Dispose() => _dir.Dispose();

    /// <summary>A 4 mm phantom chest: soft-tissue body, two aerated lungs with noise, a 12 mm soft-tissue nodule in the right one.</summary>
    private static string Phantom(string path, int seed)
    {
        const int nx = 48, ny = 40, nz = 32;
        var rng = new Random(seed);
        var hu = new short[nx * ny * nz];
        for (int z = 0; z < nz; z++)
        for (int y = 0; y < ny; y++)
        for (int x = 0; x < nx; x++)
        {
            double v = -1000;
            if (Math.Pow((x - 24) / 22.0, 2) + Math.Pow((y - 20) / 16.0, 2) < 1) v = 40;
            foreach (int cx in new[] { 14, 34 })
                if (Math.Pow((x - cx) / 8.0, 2) + Math.Pow((y - 20) / 10.0, 2) + Math.Pow((z - 16) / 13.0, 2) < 1) v = -850;
            if ((x - 14) * (x - 14) + (y - 18) * (y - 18) + (z - 16) * (z - 16) <= 2) v = 30;
            hu[x + nx * (y + ny * z)] = (short)Math.Clamp(v + 20 * (rng.NextDouble() - 0.5), -1024, 3000);
        }
        NiftiWriter.Write(path, new Volume<short>(VolumeGeometry.Axial(nx, ny, nz, new Vec3(4, 4, 4)), hu), "phantom");
        return path;
    }

    private FitPaths RunFolder()
    {
        var run = Directory.CreateDirectory(_dir.File("run")).FullName;
        var train = new TrainOptions { BaseChannels = 2, Levels = 2, Dim = 4, Crop = 16 };
        File.WriteAllText(Path.Combine(run, DenseVicRegTrainer.OptionsFile), JsonSerializer.Serialize(train, ModelConfig.JsonOptions));
        File.WriteAllText(Path.Combine(run, FitInputs.PreprocessingFile), JsonSerializer.Serialize(new PreprocessingConfig { SpacingMm = 6 }, ModelConfig.JsonOptions));
        File.WriteAllText(Path.Combine(run, DenseVicRegTrainer.StateFile), JsonSerializer.Serialize(new TrainState { Step = 3 }, ModelConfig.JsonOptions));
        TorchSharp.torch.random.manual_seed(3);
        new UNet3d(2, train.BaseChannels, train.Levels, train.Dim).save(Path.Combine(run, DenseVicRegTrainer.DescriptorCheckpoint));
        // The nodule's box in LPS mm (voxel 14,18,16 at 4 mm, ± 8 mm).
        var manifest = _dir.File("manifest.csv");
        File.WriteAllText(manifest, "path,exclude,name,patient\n" +
            $"{Phantom(_dir.File("a.nii.gz"), 1)},48 64 56 64 80 72,a,p1\n" +
            $"{Phantom(_dir.File("b.nii.gz"), 2)},48 64 56 64 80 72,b,p2\n");
        return new FitPaths(manifest, run, _dir.File("model"));
    }

    private static readonly FitOptions Small = new()
    {
        Threads = 1, Window = 16, SamplesPerStudy = 800, KCandidates = [1, 2], IntensityKCandidates = [1, 2], Iterations = 5,
        AirwayMarginMm = -1, LungMarginMm = -1, SmoothingCandidatesMm = [6], GrowthSmoothingMm = 3,
        Variants = [new("Intensity", VariantSource.Intensity), new("Descriptor", VariantSource.Descriptor)],
    };

    [Fact]
    public void A_fit_writes_a_package_that_loads_uses_its_descriptor_cache_and_repeats()
    {
        var paths = RunFolder();
        Assert.Equal(0, new ModelFitter(TextWriter.Null).Run(paths, Small));

        var package = ModelPackage.Load(paths.OutDirectory);
        var cal = package.Config.Calibration;
        Assert.Equal(Small.Name, package.Name);
        Assert.True(cal.NllAtThreshold > cal.NllMedian, $"threshold {cal.NllAtThreshold}, median {cal.NllMedian}");
        Assert.Equal(new DecisionThresholds().VoxelThreshold, cal.ScoreAtThreshold);
        Assert.Equal(3, cal.Growth!.SmoothingMm);
        Assert.Equal(16, package.Config.Descriptor.WindowSize);
        Assert.Equal("Descriptor", package.Config.Training!["density_variant"].GetString()); // auto: the only descriptor variant
        var density = package.LoadDensity();
        Assert.Equal(4, density.DescriptorDim);
        Assert.Contains(density.SmoothingMm, new[] { 0.0, 6.0 });

        // Descriptors of step 3 were cached, one float32 per voxel and channel of the model grid.
        var cache = DescriptorCache.PathFor(paths.RunDirectory, 3, "a");
        Assert.True(File.Exists(cache));
        Assert.Equal(0, new FileInfo(cache).Length % (4 * sizeof(float)));
        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(paths.RunDirectory, PackageWriter.ReportFile))).RootElement;
        Assert.Equal(["Intensity", "Descriptor", "smoothing", "final_auroc", "shipped_variant", "calibration_folds", "shipped_smoothing_mm", "volumes", "training"],
            report.EnumerateObject().Select(p => p.Name));

        // A second fit (descriptors from the cache) gives the same calibration.
        var again = paths with { OutDirectory = _dir.File("model-2") };
        File.SetLastWriteTimeUtc(cache, DateTime.UtcNow.AddDays(-1));
        new ModelFitter(TextWriter.Null).Run(again, Small);
        Assert.True(File.GetLastWriteTimeUtc(cache) < DateTime.UtcNow.AddHours(-1), "the cache was rewritten, not read");
        var cal2 = ModelPackage.Load(again.OutDirectory).Config.Calibration;
        Assert.Equal(cal.NllAtThreshold, cal2.NllAtThreshold, 3);
        Assert.Equal(cal.NllMedian, cal2.NllMedian, 3);
        Assert.Equal(cal.Growth.NllAtThreshold, cal2.Growth!.NllAtThreshold, 3);
    }

    [Fact]
    public void Settings_that_cannot_be_fitted_are_refused_before_anything_is_written()
    {
        var paths = RunFolder();
        var e = Assert.Throws<FitConfigException>(() => new ModelFitter(TextWriter.Null).Run(paths, Small with { Variant = "DescriptorRings" }));
        Assert.Contains("unknown density variant DescriptorRings", e.Message);
        Assert.False(Directory.Exists(paths.OutDirectory));
    }
}
