using System.Reflection;
using System.Text.Json;
using ChestScreener.Training.Fitting;

namespace ChestScreener.Training.Tests.Cli;

/// <summary>
/// `fit` and `cv` take their defaults from <see cref="FitOptions"/> alone: parsing no options gives the record's
/// values for every property, one given option changes only its own property, and options override a --config file.
/// </summary>
public sealed class FitOptionsTests
{
    private static FitOptions Parse(params string[] extra) => TrainingCli.ParseFitOptions(extra);

    private static readonly FitOptions Defaults = new();

    private static IEnumerable<PropertyInfo> Properties() =>
        typeof(FitOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.Name != "EqualityContract");

    // Values compare as the configuration file writes them (arrays and variant lists by their elements).
    private static bool SameValue(object? a, object? b) =>
        JsonSerializer.Serialize(a, FitConfigFile.JsonOptions) == JsonSerializer.Serialize(b, FitConfigFile.JsonOptions);

    private static List<string> Differences(FitOptions a, FitOptions b) =>
        Properties().Where(p => !SameValue(p.GetValue(a), p.GetValue(b))).Select(p => p.Name).ToList();

    [Fact]
    public void No_options_give_the_records_defaults_for_every_property()
    {
        var parsed = Parse();
        Assert.Empty(Differences(parsed, Defaults));
        // The comparison sees the numeric options (guards against a reflection filter that compares nothing).
        var names = Properties().Select(p => p.Name).ToHashSet();
        foreach (var n in new[] { "Threads", "Window", "Overlap", "SamplesPerStudy", "KCandidates", "Iterations", "RingsMm", "ProbesMm",
                                  "SmoothingCandidatesMm", "AirwayMarginMm", "LungMarginMm", "EdgeMarginMm", "Regularisation", "Restarts",
                                  "Members", "SampleSeed", "EmSeed", "GrowthSmoothingMm", "GrowthPercentile", "CalibrationFolds" })
            Assert.Contains(n, names);
    }

    [Theory]
    [InlineData("growth-smoothing", "5", "GrowthSmoothingMm")]
    [InlineData("growth-percentile", "97.5", "GrowthPercentile")]
    [InlineData("samples", "1234", "SamplesPerStudy")]
    [InlineData("k", "8", "KCandidates")]
    [InlineData("rings", "9,24", "RingsMm")]
    [InlineData("smoothing", "4", "SmoothingCandidatesMm")]
    [InlineData("reg", "0.01", "Regularisation")]
    [InlineData("edge-margin", "7", "EdgeMarginMm")]
    [InlineData("mediastinum-margin", "9", "MediastinumMarginMm")]
    [InlineData("calibration-folds", "3", "CalibrationFolds")]
    [InlineData("lesion-regions-count", "1", "LesionRegionsCount")]
    [InlineData("variants", "Intensity,Descriptor", "OnlyVariants")]
    [InlineData("threads", "4", "Threads")]
    public void One_given_option_changes_only_its_property(string option, string value, string property)
    {
        Assert.Equal(new[] { property }, Differences(Parse("--" + option, value), Defaults));
    }

    [Fact]
    public void Seed_sets_both_the_sampling_and_the_EM_seed()
    {
        var parsed = Parse("--seed", "42");
        Assert.Equal(new[] { "EmSeed", "SampleSeed" }, Differences(parsed, Defaults).Order());
        Assert.Equal(42, parsed.SampleSeed);
        Assert.Equal(42, parsed.EmSeed);
    }

    [Fact]
    public void Given_values_are_parsed_invariantly()
    {
        var parsed = Parse("--growth-smoothing", "2.5", "--probes", "12,20.5", "--k", "4,8,16");
        Assert.Equal(2.5, parsed.GrowthSmoothingMm);
        Assert.Equal(new[] { 12.0, 20.5 }, parsed.ProbesMm);
        Assert.Equal(new[] { 4, 8, 16 }, parsed.KCandidates);
    }

    [Fact]
    public void Options_override_the_config_file_which_overrides_the_defaults()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fit-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{ "samples_per_study": 500, "iterations": 7 }""");
        try
        {
            var parsed = Parse("--config", path, "--iterations", "9");
            Assert.Equal(new[] { "Iterations", "SamplesPerStudy" }, Differences(parsed, Defaults).Order());
            Assert.Equal(500, parsed.SamplesPerStudy);
            Assert.Equal(9, parsed.Iterations);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void An_option_that_cannot_be_fitted_fails_before_any_work()
    {
        var e = Assert.Throws<FitConfigException>(() => Parse("--variant", "NoSuchVariant"));
        Assert.Contains("unknown density variant NoSuchVariant", e.Message);
        Assert.Throws<FitConfigException>(() => Parse("--calibration-folds", "1"));
        // The mirrored-lung reference is calibrated without growth only; growth is on by default.
        var mirror = Assert.Throws<FitConfigException>(() => Parse("--mirror-reference", "12"));
        Assert.Contains("growth_smoothing_mm", mirror.Message);
        Assert.Throws<FitConfigException>(() => Parse("--mirror-reference", "-1", "--growth-smoothing", "-1"));
    }

    [Fact]
    public void Mirror_reference_without_growth_sets_those_two_settings()
    {
        var parsed = Parse("--mirror-reference", "12", "--growth-smoothing", "-1");
        Assert.Equal(new[] { "GrowthSmoothingMm", "MirrorReferenceMm" }, Differences(parsed, Defaults).Order());
        Assert.Equal(12, parsed.MirrorReferenceMm);
    }

    [Fact]
    public void Train_takes_its_defaults_from_TrainOptions_alone()
    {
        var parsed = TrainingCli.ParseTrainOptions(["--manifest", "m.csv"]);
        Assert.Equal(new Ssl.TrainOptions { Manifest = "m.csv" }, parsed);
        Assert.Equal(40, parsed.Crop);
        Assert.Equal(new Ssl.TrainOptions { Manifest = "m.csv", Crop = 24, Levels = 3 }, TrainingCli.ParseTrainOptions(["--manifest", "m.csv", "--crop", "24", "--levels", "3"]));
    }
}
