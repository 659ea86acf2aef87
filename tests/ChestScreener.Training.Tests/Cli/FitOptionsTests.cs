using System.Collections;
using System.Reflection;
using ChestScreener.Training.Fitting;

namespace ChestScreener.Training.Tests.Cli;

/// <summary>
/// `fit` and `cv` take their defaults from <see cref="ModelFitter.Options"/> alone: parsing no options gives the record's
/// values for every property, and one given option changes only its own property.
/// </summary>
public sealed class FitOptionsTests
{
    private static ModelFitter.Options Parse(params string[] extra) =>
        TrainingCli.FitOptions(new Args(["--run", "run-dir", .. extra]), "m.csv", "out-dir");

    private static readonly ModelFitter.Options Defaults = new() { Manifest = "m.csv", RunDirectory = "run-dir", OutDirectory = "out-dir" };

    private static IEnumerable<PropertyInfo> Properties() =>
        typeof(ModelFitter.Options).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.Name != "EqualityContract");

    // Arrays compare by their elements (the record's own equality compares them by reference).
    private static bool SameValue(object? a, object? b) =>
        a is IEnumerable ea && b is IEnumerable eb && a is not string
            ? ea.Cast<object>().SequenceEqual(eb.Cast<object>())
            : Equals(a, b);

    private static List<string> Differences(ModelFitter.Options a, ModelFitter.Options b) =>
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
    [InlineData("calibration-folds", "3", "CalibrationFolds")]
    [InlineData("lesion-regions-count", "1", "LesionRegionsCount")]
    [InlineData("variants", "a,b", "OnlyVariants")]
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
}
