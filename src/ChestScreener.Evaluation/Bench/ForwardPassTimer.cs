using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;

namespace ChestScreener.Evaluation.Bench;

/// <summary>
/// Times one forward pass of the model's descriptor network on one window of its crop size (model.json
/// descriptor.window_size, in_channels), with the same ONNX Runtime settings as the scorer: the unit the issue's
/// "ratio to one forward pass" is measured in.
/// </summary>
public static class ForwardPassTimer
{
    public sealed record Result(int WindowSize, int InChannels, Stat Seconds);

    public static Result Time(string modelDirectory, int threads, int repeat)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(modelDirectory, "model.json")));
        var d = doc.RootElement.GetProperty("descriptor");
        string file = d.TryGetProperty("file", out var f) ? f.GetString()! : "descriptor.onnx";
        int win = d.TryGetProperty("window_size", out var w) ? w.GetInt32() : 64;
        int channels = d.TryGetProperty("in_channels", out var c) ? c.GetInt32() : 2;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = Parallelism.Resolve(threads),
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        using var session = new InferenceSession(Path.Combine(modelDirectory, file), options);
        string inputName = session.InputMetadata.Keys.First(), outputName = session.OutputMetadata.Keys.First();
        var input = new float[channels * win * win * win];
        var rng = new Random(1);
        for (int i = 0; i < input.Length; i++) input[i] = (float)rng.NextDouble();
        var times = new List<double>();
        for (int r = 0; r <= Math.Max(3, repeat); r++)
        {
            using var x = OrtValue.CreateTensorValueFromMemory(input, [1, channels, win, win, win]);
            using var run = new RunOptions();
            var clock = Stopwatch.StartNew();
            using var outputs = session.Run(run, [inputName], [x], [outputName]);
            if (r > 0) times.Add(clock.Elapsed.TotalSeconds); // the first run pays for allocation and graph setup
        }
        return new Result(win, channels, Stat.Of(times));
    }
}
