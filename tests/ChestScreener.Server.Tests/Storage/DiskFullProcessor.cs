using ChestScreener.Server.Processing;

namespace ChestScreener.Server.Tests.Storage;

/// <summary>A processor that finds the disk full, as a real run writing its NIfTI maps would: an IOException with ENOSPC (28) as its HResult, counted per call.</summary>
public sealed class DiskFullProcessor : IStudyProcessor
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Task<ProcessedStudy> ProcessAsync(string studyInputFolder, string studyOutputFolder, IProgress<StudyProgress> progress, CancellationToken ct)
    {
        Interlocked.Increment(ref _calls);
        progress.Report(new StudyProgress("report", 90));
        // What .NET throws on Linux for write(2) failing with ENOSPC.
        throw new IOException($"No space left on device : '{Path.Combine(studyOutputFolder, "volume.nii.gz")}'", 28);
    }
}
