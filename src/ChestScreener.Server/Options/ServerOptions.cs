using System.ComponentModel.DataAnnotations;

namespace ChestScreener.Server.Options;

/// <summary>Settings of the service (configuration section "Screener"), bound and validated on start.</summary>
public sealed class ServerOptions
{
    public const string Section = "Screener";

    /// <summary>Folder that holds the database, the job store and every study's files.</summary>
    [Required]
    public string DataDir { get; set; } = "data";

    /// <summary>Job store: "sqlite" (embedded default); a server database plugs in behind <see cref="Storage.IJobStoreFactory"/>.</summary>
    [Required]
    public string Store { get; set; } = "sqlite";

    /// <summary>How many studies are analysed at once in this process.</summary>
    [Range(1, 64)]
    public int WorkerCount { get; set; } = 1;

    /// <summary>
    /// Memory the running analyses may use together. A study whose estimated need (from its volume's size, see
    /// <see cref="MemoryPerVoxel"/>) exceeds it is not run: it is rejected with too_large.
    /// </summary>
    [Range(256, 1 << 20)]
    public int MemoryBudgetMb { get; set; } = 8192;

    /// <summary>
    /// Peak memory of one analysis per voxel of the volume it builds, on top of <see cref="MemoryPerStudyMb"/>. Measured with
    /// `/usr/bin/time -v screener analyze --threads 2 -f json,pdf,nifti,dicom` (the server's outputs): peak RSS 1.75 GB for
    /// LIDC-IDRI-0314 (512x512x275, 72 M voxels) and 2.05 GB for POPI 00 (512x512x141, 37 M voxels; its model grid is larger);
    /// the issue-20 probe saw the anatomy stage at 11.6 GB and still growing on a 1024x1024x1000 volume. 1 GiB + 32 B/voxel
    /// covers all three.
    /// </summary>
    [Range(1, 1000)]
    public double MemoryPerVoxel { get; set; } = 32;

    /// <summary>Memory one analysis needs whatever its size (runtime, model, fixed-size grids), in MB.</summary>
    [Range(0, 1 << 20)]
    public int MemoryPerStudyMb { get; set; } = 1024;

    /// <summary>
    /// Fallback for an input whose volume size the headers do not tell (it is refused cheaply by the reader): memory assumed per
    /// uploaded byte (a DICOM byte is about one 2-byte voxel half).
    /// </summary>
    [Range(1, 1000)]
    public double MemoryPerInputByte { get; set; } = 20;

    /// <summary>
    /// Times a study may be started without a result (its worker killed, crashed or cut off) before it is failed with
    /// too_many_attempts and never claimed again; a run given back on a graceful stop does not count.
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Largest upload accepted, all files together.</summary>
    [Range(1, 1 << 20)]
    public int MaxUploadMb { get; set; } = 4096;

    /// <summary>Studies that may wait for analysis (queued, plus uploads still arriving); one more is refused with 429 and Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedStudies { get; set; } = 200;

    /// <summary>Uploads streaming into this process at once; one more is refused with 503 and Retry-After.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentUploads { get; set; } = 32;

    /// <summary>The Retry-After (seconds) sent with 429/503 answers.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 30;

    /// <summary>An analysis running longer than this is stopped and the study marked failed with a message (0 = no limit).</summary>
    [Range(0, 7 * 24 * 3600)]
    public double StudyTimeoutSeconds { get; set; } = 3600;

    /// <summary>Most files in one upload.</summary>
    [Range(1, 1_000_000)]
    public int MaxFiles { get; set; } = 20_000;

    /// <summary>Largest total size of a zip's entries once unpacked (guards against zip bombs before any job runs).</summary>
    [Range(1, 1 << 22)]
    public int MaxUnpackedMb { get; set; } = 16384;

    /// <summary>Name of a registered processor (<see cref="Processing.IStudyProcessorFactory"/>): "pipeline", the real analysis; test and demo hosts add "fake".</summary>
    [Required]
    public string Processor { get; set; } = Processing.PipelineProcessorFactory.ProcessorName;

    /// <summary>Model package folder for the real pipeline; empty = the pipeline's default.</summary>
    public string? ModelDir { get; set; }

    /// <summary>Threads one analysis uses (0 = this process's cores divided among its <see cref="WorkerCount"/> workers).</summary>
    [Range(0, 256)]
    public int AnalysisThreads { get; set; }

    /// <summary>Built viewer (web/dist); empty = looked up beside the program and above the working folder.</summary>
    public string? ViewerRoot { get; set; }

    /// <summary>How often idle workers look for new jobs.</summary>
    [Range(0.1, 60)]
    public double QueuePollSeconds { get; set; } = 1;

    /// <summary>After a crash, a job that was running is handed out again after this long (graceful stops requeue at once).</summary>
    [Range(1, 24 * 60)]
    public double InvisibilityTimeoutMinutes { get; set; } = 30;

    /// <summary>Keep the uploaded files of a study the analysis rejected (not a chest CT, damaged...); by default they are removed once its result is recorded.</summary>
    public bool KeepRejectedInputs { get; set; }

    /// <summary>A worker's claim on a study lapses when not renewed for this long (another process may then take it).</summary>
    [Range(5, 3600)]
    public double LeaseSeconds { get; set; } = 60;
}
