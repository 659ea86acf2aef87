namespace ChestScreener.Training.Tests.Cli;

/// <summary>`screener-train` on System.CommandLine: usage errors and settings that cannot be fitted exit 2 before any work.</summary>
public sealed class TrainingCliTests
{
    [Theory]
    [InlineData("fit-config", "--bogus", "1")]             // unknown option
    [InlineData("nosuch")]                                  // unknown command
    [InlineData("fit", "--manifest", "m.csv")]              // --run and --out missing
    [InlineData("fit-config", "--calibration-folds", "1")]  // parsed, then refused by the validator
    [InlineData("fit-config", "--k", "8,x")]                // a list element that is not a number
    [InlineData("fit-config", "--config", "/nonexistent/fit.json")]
    public void Usage_errors_exit_2(params string[] argv) => Assert.Equal(2, TrainingCli.Run(argv));

    [Fact]
    public void Lists_and_renamed_options_reach_the_settings()
    {
        var o = TrainingCli.ParseFitOptions(["--k", "8,16", "--rings", "9,24", "--variants", "DescriptorRingsProbes", "--version", "9.9", "--seed", "7", "--lesion-regions-count", "1"]);
        Assert.Equal([8, 16], o.KCandidates);
        Assert.Equal([9.0, 24.0], o.RingsMm);
        Assert.Equal(["DescriptorRingsProbes"], o.OnlyVariants);
        Assert.Equal("9.9", o.Version);
        Assert.Equal((7, 7), (o.SampleSeed, o.EmSeed));
        Assert.True(o.LesionRegionsCount);
        Assert.Equal(0, TrainingCli.Run(["fit-config", "--k", "8,16"]));
    }
}
