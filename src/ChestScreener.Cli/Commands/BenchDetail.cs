using System.Globalization;
using System.Text;
using ChestScreener.Evaluation.Bench;
using ChestScreener.Pipeline.Profiling;

namespace ChestScreener.Cli.Commands;

/// <summary>The `--detail` part of `screener bench`: the model stage's steps, and the stage's time against its own forward passes.</summary>
public static class BenchDetail
{
    public static string Markdown(BenchReport report, ModelStageProfile p)
    {
        var sb = new StringBuilder();
        void L(FormattableString s) => sb.AppendLine(s.ToString(CultureInfo.InvariantCulture));
        L($"Model stage alone, {p.Windows} windows, {p.ModelVoxels} model-grid voxels:");
        L($"");
        L($"| step | median s | min s | max s |");
        L($"|---|---:|---:|---:|");
        foreach (var (k, s) in p.StepsS) L($"| {k} | {s.Median:0.000} | {s.Min:0.000} | {s.Max:0.000} |");
        L($"| **model stage** | {p.StageS.Median:0.000} | {p.StageS.Min:0.000} | {p.StageS.Max:0.000} |");
        L($"| forward passes ({p.Windows} windows, inside windows.forward) | {p.ForwardPassesS.Median:0.000} | {p.ForwardPassesS.Min:0.000} | {p.ForwardPassesS.Max:0.000} |");
        L($"");
        L($"Model stage / its own forward passes (same runs, median): {p.StageVsForwardPasses:0.00}.");
        if (report.Dcm2NiixS is { } d && report.StagesS.TryGetValue("total", out var total))
            L($"Total / dcm2niix (medians): {total.Median / d.Median:0.00}.");
        return sb.ToString();
    }
}
