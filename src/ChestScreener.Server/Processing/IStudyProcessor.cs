namespace ChestScreener.Server.Processing;

/// <summary>The seam between the service and the analysis: reads one uploaded study, writes result.json and its files into the output folder.</summary>
public interface IStudyProcessor
{
    /// <summary>
    /// Analyses the study in <paramref name="studyInputFolder"/> (DICOM files, one zip or one NIfTI) and writes result.json,
    /// report.pdf, volume.nii.gz, anomaly.nii.gz and regions.nii.gz into <paramref name="studyOutputFolder"/> (which exists and is empty).
    /// A refused input is a <see cref="ScreenerException"/> or a result with status "rejected"; cancellation means "stop, it will be re-run".
    /// </summary>
    Task<ProcessedStudy> ProcessAsync(string studyInputFolder, string studyOutputFolder, IProgress<StudyProgress> progress, CancellationToken ct);
}
