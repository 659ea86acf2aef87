using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// Studies received by STOW-RS whose results are still to be sent to the configured destination: one small file per study id
/// under data/pacs/outbox holding the number of failed tries, so a restart neither forgets nor repeats a study.
/// </summary>
public sealed class ResultOutbox(PacsIntake intake, IOptions<PacsOptions> options)
{
    public string Folder => Path.Combine(intake.StagingRoot, "outbox");

    /// <summary>Whether any destination for STOW-RS studies' results is configured.</summary>
    public bool Enabled => ResultDestinations.Describe(options.Value) is not null;

    /// <summary>Remembers a newly queued STOW-RS study (nothing when no destination is configured).</summary>
    public void Add(string studyId)
    {
        if (!Enabled) return;
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, studyId), "0");
    }

    /// <summary>The study ids waiting, oldest first.</summary>
    public IReadOnlyList<string> Pending() => Directory.Exists(Folder)
        ? new DirectoryInfo(Folder).GetFiles().Where(f => f.Extension.Length == 0).OrderBy(f => f.CreationTimeUtc).Select(f => f.Name).ToArray()
        : [];

    /// <summary>Counts a failed try; returns how many there have been.</summary>
    public int Failed(string studyId)
    {
        var path = Path.Combine(Folder, studyId);
        int tries = (int.TryParse(File.Exists(path) ? File.ReadAllText(path) : "0", CultureInfo.InvariantCulture, out var t) ? t : 0) + 1;
        File.WriteAllText(path, tries.ToString(CultureInfo.InvariantCulture));
        return tries;
    }

    /// <summary>Done with a study: sent, deleted, or given up on (then kept as .failed for an operator to see).</summary>
    public void Remove(string studyId, bool gaveUp = false)
    {
        var path = Path.Combine(Folder, studyId);
        if (gaveUp) File.Move(path, path + ".failed", overwrite: true);
        else File.Delete(path);
    }
}
