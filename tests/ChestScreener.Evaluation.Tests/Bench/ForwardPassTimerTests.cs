using ChestScreener.Evaluation.Bench;
using ChestScreener.Model;
using ChestScreener.Model.Inference;
using ChestScreener.Tests;

namespace ChestScreener.Evaluation.Tests.Bench;

/// <summary>`screener bench`'s forward-pass unit runs the shipped model through the scorer's own runner and model.json.</summary>
public class ForwardPassTimerTests
{
    private static string ShippedModel() => Path.Combine(TestData.RepoRoot, "models", ModelPackage.DefaultName);

    [Fact]
    public void Times_a_window_of_the_size_model_json_names()
    {
        var package = ModelPackage.Load(ShippedModel());
        var r = ForwardPassTimer.Time(package.Directory, threads: 2, repeat: 1);
        Assert.Equal(package.Config.Descriptor.WindowSize, r.WindowSize);
        Assert.Equal(package.Config.Descriptor.InChannels, r.InChannels);
        // The first pass pays for graph setup and is left out; at least three timed passes remain.
        Assert.True(r.Seconds.N >= 3 && r.Seconds.Min > 0, $"{r.Seconds.N} passes, min {r.Seconds.Min}");
    }

    [Fact]
    public void A_window_of_the_wrong_size_is_refused_before_onnx_runtime_sees_it()
    {
        var package = ModelPackage.Load(ShippedModel());
        var cfg = package.Config;
        using var runner = new DescriptorRunner(package.DescriptorPath, cfg.Descriptor, cfg.Preprocessing, threads: 1);
        var e = Assert.Throws<ArgumentException>(() => runner.ForwardWindow(new float[10], cfg.Descriptor.WindowSize));
        Assert.Contains("not 10", e.Message);
    }
}
