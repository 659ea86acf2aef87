namespace ChestScreener.Server.Storage;

/// <summary>Where a study's files live under the data folder: input/ (as uploaded), output/ (complete results only), work-*/ (a run in progress).</summary>
public sealed class StudyFolders
{
    public StudyFolders(string dataDir)
    {
        Root = Path.GetFullPath(Path.Combine(dataDir, "studies"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Study(string id) => Path.Combine(Root, CheckId(id));
    public string Input(string id) => Path.Combine(Study(id), "input");
    /// <summary>Appears only by an atomic rename of a finished work folder, so if it exists it is complete.</summary>
    public string Output(string id) => Path.Combine(Study(id), "output");
    public string NewWork(string id) => Path.Combine(Study(id), $"work-{Guid.NewGuid():N}");

    /// <summary>Removes work folders of runs that never finished (a crash or a stop mid-analysis).</summary>
    public void DeleteStaleWork(string id)
    {
        var dir = Study(id);
        if (!Directory.Exists(dir)) return;
        foreach (var work in Directory.GetDirectories(dir, "work-*")) TryDelete(work);
    }

    public void DeleteStudy(string id) => TryDelete(Study(id));

    /// <summary>input/ appears by the rename of a complete upload; an empty one is what the upload endpoint makes before receiving.</summary>
    public bool HasInput(string id)
    {
        var input = Input(id);
        return Directory.Exists(input) && Directory.EnumerateFileSystemEntries(input).Any();
    }

    /// <summary>The folders uploads are streaming into (or were, when cut off) beside input/; none when the study has no folder.</summary>
    public IEnumerable<string> Partials(string id)
    {
        var dir = Study(id);
        return Directory.Exists(dir) ? Directory.EnumerateDirectories(dir, Uploads.UploadReceiver.PartialPrefix + "*") : [];
    }

    /// <summary>
    /// A complete input/, no upload streaming into a partial folder beside it, and nothing in it written for
    /// <paramref name="still"/>: an upload that arrived whole but whose process stopped before marking it queued.
    /// </summary>
    public bool ArrivedButNotQueued(string id, TimeSpan still)
    {
        if (!HasInput(id) || Partials(id).Any()) return false;
        var input = new DirectoryInfo(Input(id));
        var last = input.EnumerateFiles().Select(f => f.LastWriteTimeUtc).Append(input.LastWriteTimeUtc).Max();
        return DateTime.UtcNow - last >= still;
    }

    /// <summary>How many files an input folder holds and their total size.</summary>
    public static (int Files, long Bytes) Measure(string folder)
    {
        var files = new DirectoryInfo(folder).GetFiles();
        return (files.Length, files.Sum(f => f.Length));
    }

    public static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else if (File.Exists(path)) File.Delete(path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    // Ids are made by the service, but they also arrive in URLs: never let one walk out of the data folder.
    private static string CheckId(string id)
    {
        if (!StudyIds.IsValid(id)) throw new ArgumentException($"'{id}' is not a study id", nameof(id));
        return id;
    }
}
