using ChestScreener.Anatomy.TotalSegmentator;
using ChestScreener.Imaging.Components;
using ChestScreener.Reports;

namespace ChestScreener.Pipeline;

/// <summary>How the pipeline runs: threads, outputs and the finding parameters that are not model data.</summary>
public sealed record PipelineOptions
{
    /// <summary>Worker threads for anatomy, model and findings (0 = all cores).</summary>
    public int Threads { get; init; } = 2;
    public OutputFormats Formats { get; init; } = OutputFormats.Default;
    public Connectivity Connectivity { get; init; } = Connectivity.Full26;
    public int MaxFindings { get; init; } = 50;
    /// <summary>
    /// The anatomy engine: TotalSegmentator merged over the classical segmentation, or null for classical only. Defaults to
    /// the executable named by CHESTSCREENER_TOTALSEGMENTATOR (read when the options are made), so scripts keep working.
    /// </summary>
    public TotalSegmentatorOptions? TotalSegmentator { get; init; } = TotalSegmentatorAdapter.FromEnvironment();
}
