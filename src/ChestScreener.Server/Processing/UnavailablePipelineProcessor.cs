namespace ChestScreener.Server.Processing;

/// <summary>Stands in for the real analysis until the pipeline is linked into the server: every study fails with a clear message.</summary>
public sealed class UnavailablePipelineProcessor : IStudyProcessor
{
    public Task<ProcessedStudy> ProcessAsync(string studyInputFolder, string studyOutputFolder, IProgress<StudyProgress> progress, CancellationToken ct) =>
        throw new ScreenerException(RejectionCode.InternalError,
            "the analysis pipeline is not available in this build of the server (start it with --processor fake for a demo)");
}
