using ChestScreener.Server.Jobs;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// Turns a staged folder of received DICOM files (STOW-RS or Orthanc) into a study: a record, the files moved into its
/// input folder by one rename, and a queued job — the same path an upload takes after it has been received.
/// </summary>
public sealed class PacsIntake(IStudyStore store, StudyFolders folders, IServiceScopeFactory scopes)
{
    /// <summary>Folder under the data folder where received instances wait (same disk as the studies, so the move is a rename).</summary>
    public string StagingRoot { get; } = Path.Combine(Path.GetDirectoryName(folders.Root)!, "pacs");

    /// <summary>
    /// Creates and queues a study from <paramref name="staged"/> (moved, not copied); returns the study id. Owner and site decide
    /// who may see it (Auth.StudyAccess); received studies keep their identifiers, since results must file under the same patient.
    /// </summary>
    public string Submit(string name, string staged, string? owner = null, string? site = null)
    {
        var id = StudyIds.New();
        Directory.CreateDirectory(folders.Study(id));
        store.Create(new StudyRecord { Id = id, Name = name, Status = StudyStatus.Receiving, CreatedUtc = DateTimeOffset.UtcNow, Owner = owner, Site = site });
        Directory.Move(staged, folders.Input(id));
        long bytes = 0;
        int files = 0;
        foreach (var f in Directory.EnumerateFiles(folders.Input(id), "*", SearchOption.AllDirectories))
        {
            bytes += new FileInfo(f).Length;
            files++;
        }
        store.MarkQueued(id, name, bytes, files);
        using var scope = scopes.CreateScope();
        scope.ServiceProvider.GetRequiredService<StudyQueue>().Enqueue(id);
        return id;
    }
}
