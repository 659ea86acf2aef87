namespace ChestScreener.Results;

/// <summary>
/// The analysis stages, in order: the keys of result.json's <c>timing_s</c> (besides <c>total</c>), the names the progress
/// callback hears and the server shows as a study's <c>stage</c>. Plain strings on purpose: they are dictionary keys and
/// display text, and readers of result.json may meet names added later.
/// </summary>
public static class StageNames
{
    public const string Load = "load";
    public const string Anatomy = "anatomy";
    public const string Model = "model";
    public const string Findings = "findings";
    public const string Report = "report";

    /// <summary>Every stage in the order a study passes through them.</summary>
    public static readonly IReadOnlyList<string> All = [Load, Anatomy, Model, Findings, Report];

    /// <summary>
    /// Where a stage starts, in percent of a typical study's time (the model dominates): drives the progress of the CLI's
    /// bar and of the server's studies. 0 for an unknown name.
    /// </summary>
    public static int TypicalStartPercent(string stage) => stage switch
    {
        Load => 0,
        Anatomy => 15,
        Model => 30,
        Findings => 85,
        Report => 90,
        _ => 0,
    };
}
