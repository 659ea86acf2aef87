using System.Diagnostics;
using ChestScreener.Anatomy.TotalSegmentator;
using ChestScreener.Imaging;

namespace ChestScreener.Anatomy;

/// <summary>Classical (weight-free) segmentation of body, lungs, airways, mediastinum/heart, chest wall and lung zones.</summary>
public static class AnatomyAnalyzer
{
    /// <summary>
    /// The pipeline's entry with the engine chosen by the caller: classical segmentation, or TotalSegmentator merged over it
    /// when <paramref name="totalSegmentator"/> is given.
    /// </summary>
    public static AnatomyResult Analyze(CtVolume ct, TotalSegmentatorOptions? totalSegmentator, int threads = 0) =>
        totalSegmentator is null ? Analyze(ct, AnatomyOptions.Default, threads) : TotalSegmentatorAdapter.Analyze(ct, totalSegmentator, threads);

    /// <summary>
    /// As above, with the engine named by <see cref="TotalSegmentatorAdapter.EnvironmentVariable"/> (the fallback for scripts
    /// and for tools that take no engine option; docs/ARCHITECTURE.md lists it).
    /// </summary>
    public static AnatomyResult Analyze(CtVolume ct, int threads = 0) => Analyze(ct, TotalSegmentatorAdapter.FromEnvironment(), threads);

    /// <summary>
    /// Masks are computed on a working grid of about 1.5 x 1.5 x 2 mm (block means of the CT), then brought back to the CT
    /// grid with the lung borders refined on the full-resolution HU.
    /// </summary>
    public static AnatomyResult Analyze(CtVolume ct, AnatomyOptions options, int threads = 0) => AnalyzeCore(ct, options, threads).Result;

    /// <summary>The intermediate working-grid state travels with the result for the TotalSegmentator merge.</summary>
    internal sealed record Core(AnatomyResult Result, WorkGrid Grid, byte[] BodyFilled, LungSegmenter.Result Lungs, double ScanLengthMm);

    internal static Core AnalyzeCore(CtVolume ct, AnatomyOptions options, int threads)
    {
        var clock = Stopwatch.StartNew();
        var stages = new List<(string, double)>();
        void Mark(string stage) { stages.Add((stage, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds)); }
        Mark("start");
        var w = new WorkGrid(ct, options, threads);
        Mark("downsample");
        var (_, filled) = BodySegmenter.Segment(w, options);
        Mark("body");
        var lungs = LungSegmenter.Segment(w, options, filled);
        Mark("lungs");
        var (region, _) = RegionBuilder.Build(w, options, filled, lungs);
        Mark("regions");

        var full = ct.Geometry;
        double fullVoxelMl = full.VoxelVolumeMm3 / 1000.0;
        double scanLength = full.SizeZ * Math.Abs(full.AxisZ.Z) * full.Spacing.Z;
        // First pass of facts gives the zone extents; lung volumes come from the full-resolution labels.
        FactsBuilder.Measure(w, filled, lungs.Side, region, lungs, 0, 0, scanLength, out var zRange);
        var up = LabelUpsampler.Run(ct, w, options, lungs.Side, region, zRange);
        Mark("upsample");
        double right = up.RightVoxels * fullVoxelMl, left = up.LeftVoxels * fullVoxelMl;
        var facts = FactsBuilder.Measure(w, filled, lungs.Side, region, lungs, right, left, scanLength, out _) with { BodyPart = ct.Info.BodyPartExamined };

        Mark("facts");
        if (Environment.GetEnvironmentVariable("CHESTSCREENER_TRACE") == "1")
        {
            Console.Error.WriteLine("anatomy stages (process cpu s): " + string.Join(", ", stages.Skip(1).Select((s, i) => $"{s.Item1} {s.Item2 - stages[i].Item2:0.000}")));
        }
        var verdict = ChestGate.Evaluate(facts);
        var checks = GateChecks(verdict, lungs.Notes);
        var result = new AnatomyResult
        {
            Labels = up.Labels,
            Body = up.Body,
            LeftLungMl = left,
            RightLungMl = right,
            Facts = facts,
            Checks = checks,
            Warnings = verdict.Warnings,
            Elapsed = clock.Elapsed,
        };
        return new Core(result, w, filled, lungs, scanLength);
    }

    /// <summary>The gate's checks with the segmentation's own notes placed before the verdict line.</summary>
    internal static List<string> GateChecks(AnatomyFacts facts, IEnumerable<string> notes) => GateChecks(ChestGate.Evaluate(facts), notes);

    internal static List<string> GateChecks(GateVerdict verdict, IEnumerable<string> notes)
    {
        var checks = new List<string>(verdict.Checks);
        foreach (var note in notes) checks.Insert(checks.Count - 1, note);
        return checks;
    }
}
