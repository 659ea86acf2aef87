using System.Diagnostics;
using ChestScreener.Model;
using ChestScreener.Model.Inference;

namespace ChestScreener.Evaluation.Bench;

/// <summary>
/// Times one forward pass of the model's descriptor network on one window of its crop size (model.json
/// descriptor.window_size, in_channels) through the scorer's own <see cref="DescriptorRunner.ForwardWindow"/> (same
/// session settings, same zero-copy buffers): the unit `screener bench` states "ratio to one forward pass" in.
/// </summary>
public static class ForwardPassTimer
{
    public sealed record Result(int WindowSize, int InChannels, Stat Seconds);

    public static Result Time(string modelDirectory, int threads, int repeat)
    {
        var package = ModelPackage.Load(modelDirectory);
        var cfg = package.Config;
        int win = cfg.Descriptor.WindowSize, channels = cfg.Descriptor.InChannels;
        using var runner = new DescriptorRunner(package.DescriptorPath, cfg.Descriptor, cfg.Preprocessing, threads);
        var input = new float[channels * win * win * win];
        var rng = new Random(1);
        for (int i = 0; i < input.Length; i++) input[i] = (float)rng.NextDouble();
        var times = new List<double>();
        for (int r = 0; r <= Math.Max(3, repeat); r++)
        {
            var clock = Stopwatch.StartNew();
            runner.ForwardWindow(input, win);
            if (r > 0) times.Add(clock.Elapsed.TotalSeconds); // the first run pays for allocation and graph setup
        }
        return new Result(win, channels, Stat.Of(times));
    }
}
