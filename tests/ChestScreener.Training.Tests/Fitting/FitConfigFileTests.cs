using ChestScreener.Training.Fitting;

namespace ChestScreener.Training.Tests.Fitting;

/// <summary>The fit configuration file: the checked-in default is the record's defaults, a partial file overrides only what it names, a bad file fails with its reason.</summary>
public sealed class FitConfigFileTests
{
    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    private static FitConfigException Bad(string json) => Assert.Throws<FitConfigException>(() => FitConfigFile.Parse(json, "bad.json"));

    [Fact]
    public void The_checked_in_default_is_the_records_defaults_written_out()
    {
        var path = Path.Combine(Repo(), FitConfigFile.DefaultFile);
        // Regenerate with: FitConfigFile.Serialize(new FitOptions()) (the test prints the expected text when they differ).
        var expected = FitConfigFile.Serialize(new FitOptions());
        Assert.True(File.Exists(path) && File.ReadAllText(path) == expected, $"{path} differs from the defaults; expected:\n{expected}");
        var loaded = FitConfigFile.Load(path);
        Assert.Equal(FitConfigFile.Serialize(loaded), expected);
        Assert.Equal(7, loaded.Variants.Length);
        Assert.Equal(new[] { ContextPart.Rings, ContextPart.Probes }, loaded.Variants.Single(v => v.Name == "DescriptorRingsProbes").Context);
    }

    [Fact]
    public void A_partial_file_changes_only_what_it_names()
    {
        var o = FitConfigFile.Parse("""
            { "k_candidates": [8], "growth_smoothing_mm": -1,
              "variants": [ { "name": "I", "source": "intensity" },
                            { "name": "D", "source": "descriptor", "context": ["lung_position", "probes"], "conditional": true } ] }
            """, "partial.json");
        Assert.Equal(new[] { 8 }, o.KCandidates);
        Assert.Equal(-1, o.GrowthSmoothingMm);
        var d = new FitOptions();
        Assert.Equal(d.SamplesPerStudy, o.SamplesPerStudy);
        Assert.Equal(d.RingsMm, o.RingsMm);
        var variants = o.SelectedVariants();
        Assert.Equal(new[] { "I", "D" }, variants.Select(v => v.Name));
        Assert.False(variants[0].UsesDescriptor);
        Assert.Null(variants[0].Context);
        Assert.True(variants[1].UsesDescriptor && variants[1].Conditional);
        Assert.True(variants[1].Context!.LungPosition);
        Assert.Empty(variants[1].Context!.RingsMm);
        Assert.Equal(d.ProbesMm, variants[1].Context!.ProbesMm);
        Assert.Equal(3 + 2, variants[1].Context!.Count);
    }

    [Theory]
    [InlineData("""{ "k_candidatez": [8] }""", "k_candidatez")]
    [InlineData("""{ "iterations": "forty" }""", "iterations")]
    [InlineData("""{ "variants": [ { "name": "X", "source": "pixels" } ] }""", "source")]
    [InlineData("""{ "variants": [ { "name": "X", "source": 1 } ] }""", "source")]
    [InlineData("""{ "variants": [ { "name": "X" } ] }""", "source")]
    [InlineData("""{ "variants": [ { "name": "X", "source": "descriptor", "context": ["elbows"] } ] }""", "context")]
    [InlineData("""{ "iterations": 40, """, "bad.json")]
    [InlineData("null", "null")]
    public void A_file_that_does_not_parse_names_the_file_and_the_setting(string json, string mentioned)
    {
        var e = Bad(json);
        Assert.Contains("bad.json", e.Message);
        Assert.Contains(mentioned, e.Message);
    }

    [Theory]
    [InlineData("""{ "variants": [] }""", "variants is empty")]
    [InlineData("""{ "variant": "Nope" }""", "unknown density variant Nope")]
    [InlineData("""{ "only_variants": ["Nope"] }""", "unknown variant Nope")]
    [InlineData("""{ "only_variants": ["Intensity"] }""", "none is selected")]
    [InlineData("""{ "variants": [ { "name": "D", "source": "descriptor", "conditional": true } ] }""", "conditional but has no context")]
    [InlineData("""{ "variants": [ { "name": "D", "source": "descriptor" }, { "name": "D", "source": "descriptor" } ] }""", "used 2 times")]
    [InlineData("""{ "rings_mm": [24, 9] }""", "rings_mm must be ascending")]
    [InlineData("""{ "probes_mm": [] }""", "uses probes but probes_mm is empty")]
    [InlineData("""{ "k_candidates": [] }""", "k_candidates")]
    [InlineData("""{ "calibration_folds": 1 }""", "calibration_folds")]
    [InlineData("""{ "growth_percentile": 100 }""", "growth_percentile")]
    [InlineData("""{ "overlap": 1 }""", "overlap")]
    public void A_setting_that_cannot_be_fitted_is_refused_with_its_reason(string json, string reason)
    {
        var e = Bad(json);
        Assert.Contains(reason, e.Message);
        Assert.StartsWith("fit configuration bad.json:", e.Message);
    }

    [Fact]
    public void A_missing_file_is_a_config_error()
    {
        var e = Assert.Throws<FitConfigException>(() => FitConfigFile.Load(Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.json")));
        Assert.Contains("cannot be read", e.Message);
    }
}
