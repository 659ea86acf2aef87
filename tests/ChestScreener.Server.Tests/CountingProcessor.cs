using System.Collections.Concurrent;
using ChestScreener.Server.Processing;
using ChestScreener.Server.Testing;

namespace ChestScreener.Server.Tests;

/// <summary>Wraps the fake processor and counts, per study id, how often an analysis started and how often one ran to its end.</summary>
public sealed class CountingProcessor(TimeSpan stepDelay) : IStudyProcessor
{
    private readonly FakeStudyProcessor _inner = new(stepDelay);

    public ConcurrentDictionary<string, int> Started { get; } = new();
    public ConcurrentDictionary<string, int> Completed { get; } = new();

    public async Task<ProcessedStudy> ProcessAsync(string studyInputFolder, string studyOutputFolder, IProgress<StudyProgress> progress, CancellationToken ct)
    {
        var id = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(studyInputFolder))!);
        Started.AddOrUpdate(id, 1, (_, n) => n + 1);
        var result = await _inner.ProcessAsync(studyInputFolder, studyOutputFolder, progress, ct);
        Completed.AddOrUpdate(id, 1, (_, n) => n + 1);
        return result;
    }
}
