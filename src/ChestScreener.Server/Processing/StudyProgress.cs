namespace ChestScreener.Server.Processing;

/// <summary>A progress report from an analysis: the stage it is in and how far the whole study is (0..100).</summary>
public readonly record struct StudyProgress(string Stage, double Percent);
