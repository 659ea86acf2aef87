using System.Diagnostics;
using ChestScreener.Dicom;
using ChestScreener.Pipeline.Stages;

namespace ChestScreener.Pipeline.Profiling;

/// <summary>Median, minimum and maximum of one step over the repeats, in seconds.</summary>
public sealed record StepStat(double Median, double Min, double Max)
{
    public static StepStat Of(IReadOnlyList<double> values)
    {
        var s = values.Order().ToArray();
        double median = s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
        return new StepStat(Math.Round(median, 3), Math.Round(s.FirstOrDefault(double.NaN), 3), Math.Round(s.LastOrDefault(double.NaN), 3));
    }
}

/// <summary>
/// `screener bench --detail`: the model stage alone, repeated on one study's CT and anatomy, with the seconds of each
/// of its steps and the sum of the sliding window's forward passes measured inside the same calls, so the ratio of the
/// stage to its own forward passes comes from the same runs.
/// </summary>
public sealed record ModelStageProfile
{
    public required int Windows { get; init; }
    public required int ModelVoxels { get; init; }
    /// <summary>The whole model stage as the pipeline runs it (scoring mask + scorer).</summary>
    public required StepStat StageS { get; init; }
    /// <summary>Sum of the sliding window's forward passes per call.</summary>
    public required StepStat ForwardPassesS { get; init; }
    /// <summary>Median over the runs of stage / forward passes of the same run.</summary>
    public required double StageVsForwardPasses { get; init; }
    /// <summary>Steps in the order they ran: scoring_mask, preprocess, clahe, region, windows.*, context, nll, smoothing, hysteresis, resample.</summary>
    public required List<KeyValuePair<string, StepStat>> StepsS { get; init; }

    /// <summary>Reads the study, runs anatomy once, then the model stage <paramref name="repeat"/> times.</summary>
    public static ModelStageProfile Measure(string input, string? modelDirectory, int threads, int repeat, Action<string>? log = null)
    {
        int t = Parallelism.Resolve(threads);
        var ct = new DicomVolumeSource(new ReadOptions { MaxThreads = t }).Load([input]);
        var anatomy = new AnatomyStage().Analyze(ct, t);
        using var stage = ModelAnomalyStage.Load(modelDirectory, t);
        var stepRuns = new Dictionary<string, List<double>>();
        var order = new List<string> { "scoring_mask" };
        var stageRuns = new List<double>();
        var forwardRuns = new List<double>();
        var ratios = new List<double>();
        int windows = 0, voxels = 0;
        for (int r = 0; r < repeat; r++)
        {
            GC.Collect();
            var sw = Stopwatch.StartNew();
            stage.Score(ct, anatomy);
            double seconds = sw.Elapsed.TotalSeconds;
            var timings = stage.LastTimings ?? throw new InvalidOperationException("the model stage reported no timings");
            Add("scoring_mask", seconds - timings.Total);
            foreach (var (k, v) in timings.Steps)
            {
                if (!order.Contains(k)) order.Add(k);
                Add(k, v);
            }
            stageRuns.Add(seconds);
            forwardRuns.Add(timings.ForwardSeconds);
            ratios.Add(seconds / timings.ForwardSeconds);
            windows = timings.Windows;
            voxels = timings.ModelVoxels;
            log?.Invoke($"model stage run {r + 1}/{repeat}: {seconds:0.00} s, {timings.Windows} windows, forward passes {timings.ForwardSeconds:0.00} s");
        }
        return new ModelStageProfile
        {
            Windows = windows,
            ModelVoxels = voxels,
            StageS = StepStat.Of(stageRuns),
            ForwardPassesS = StepStat.Of(forwardRuns),
            StageVsForwardPasses = Math.Round(StepStat.Of(ratios).Median, 2),
            StepsS = order.Select(k => KeyValuePair.Create(k, StepStat.Of(stepRuns[k]))).ToList(),
        };

        void Add(string step, double seconds)
        {
            if (!stepRuns.TryGetValue(step, out var list)) stepRuns[step] = list = [];
            list.Add(seconds);
        }
    }
}
