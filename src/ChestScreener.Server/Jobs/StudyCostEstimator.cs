using ChestScreener.Dicom;
using ChestScreener.Server.Options;
using ChestScreener.Server.Processing;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Jobs;

/// <summary>
/// Estimates an analysis's peak memory before it runs, from the size of the volume the reader would build (NIfTI header, DICOM
/// tags; no pixels decoded) times the measured bytes per voxel. The upload's size says little: a 2 MB .nii.gz can hold a
/// billion zero voxels.
/// </summary>
public sealed class StudyCostEstimator(IOptions<ServerOptions> options, ILogger<StudyCostEstimator> log)
{
    /// <param name="inputFolder">The study's input/ folder.</param>
    /// <param name="inputBytes">The upload's size, for the fallback when the headers tell no size.</param>
    /// <param name="tempRoot">Where a zip may be unpacked to read its tags (inside the study's folder; removed afterwards).</param>
    public StudyCost Estimate(string inputFolder, long inputBytes, string tempRoot)
    {
        var o = options.Value;
        VolumeSize? volume = null;
        try
        {
            var read = new ReadOptions { MaxThreads = Parallelism.PerAnalysis(o.AnalysisThreads, o.WorkerCount), TempRoot = tempRoot };
            volume = StudyReader.MeasureVolume([StudyFiles.AnalysisInput(inputFolder)], read);
        }
        catch (Exception e) when (e is not OutOfMemoryException && !StorageErrors.IsDiskFull(e))
        {
            // Measuring is a courtesy before the real read, which reports a broken input properly.
            log.LogWarning("could not measure the volume in {Folder}: {Message}; estimating from the upload's size", inputFolder, e.Message);
        }
        return volume is null
            ? new StudyCost(Saturate(inputBytes * o.MemoryPerInputByte), null)
            : new StudyCost(Saturate(((double)o.MemoryPerStudyMb * (1 << 20)) + volume.Voxels * o.MemoryPerVoxel), volume);
    }

    private static long Saturate(double bytes) => (long)Math.Min(long.MaxValue / 2, bytes);
}
