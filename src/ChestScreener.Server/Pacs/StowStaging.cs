using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChestScreener.Server.Audit;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// Where STOW-RS instances wait until their study is complete (a quiet period with no new instance, or an explicit POST
/// .../complete); then the folder becomes a queued study. There is one folder per sender and Study Instance UID: the sender is
/// the caller's site, or the caller itself when it has no site, so another site sending the same study stages (and later
/// gets) a study of its own and can never add to, replace or complete this one. One lock keeps a folder from being handed
/// over while a request is adding to it.
/// </summary>
public sealed class StowStaging(PacsIntake intake, ResultOutbox outbox, AuditTrail audit, ILogger<StowStaging> log)
{
    private const string StudyUidFile = ".study-uid";
    private const string OwnerFile = ".owner";
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Root => Path.Combine(intake.StagingRoot, "stow");
    public string Incoming => Path.Combine(intake.StagingRoot, "stow-incoming");

    /// <summary>Who a staged copy belongs to: the caller's site (case as StudyAccess compares it), or the caller when it has none.</summary>
    public static string Sender(string actor, string? site) =>
        string.IsNullOrEmpty(site) ? "owner:" + actor : "site:" + site.ToLowerInvariant();

    /// <summary>
    /// Moves a received, identified instance into its sender's copy of the study; a resend of the same SOP Instance UID by the
    /// same sender replaces the earlier one, nobody else's copy is touched.
    /// </summary>
    public async Task AddAsync(string receivedFile, string studyUid, string sopInstanceUid, string owner, string? site, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var folder = Folder(Sender(owner, site), studyUid);
            Directory.CreateDirectory(folder);
            var marker = Path.Combine(folder, StudyUidFile);
            if (!File.Exists(marker))
            {
                // The sender of the first instance owns the study (and its site sees it), as with an upload. The marker is
                // written last and whole, so a failed write (a full disk) leaves no copy without its owner.
                await File.WriteAllLinesAsync(Path.Combine(folder, OwnerFile), [owner, site ?? ""], ct);
                await File.WriteAllTextAsync(marker + ".tmp", studyUid, ct);
                File.Move(marker + ".tmp", marker, overwrite: true);
            }
            File.Move(receivedFile, Path.Combine(folder, Key(sopInstanceUid) + ".dcm"), overwrite: true);
            // The folder's own time is the last arrival (a file move updates it), which the quiet period is measured from.
            Directory.SetLastWriteTimeUtc(folder, DateTime.UtcNow);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Queues every waiting study that has been quiet for <paramref name="quiet"/>; returns the new study ids.</summary>
    public async Task<List<string>> CompleteQuietAsync(TimeSpan quiet, CancellationToken ct)
    {
        if (!Directory.Exists(Root)) return [];
        var detail = string.Create(CultureInfo.InvariantCulture, $"queued after {quiet.TotalSeconds:0.#} s without a new instance");
        return await CompleteAsync(Directory.GetDirectories(Root), quiet, detail, null, ct);
    }

    /// <summary>
    /// Queues now the copy of the study with this UID that <paramref name="sender"/> staged, or with a null sender (an
    /// admin's call) every sender's copy; returns the new study ids, none when nothing of it is waiting. Audited as done by
    /// <paramref name="actor"/> from <paramref name="address"/>.
    /// </summary>
    public async Task<List<string>> CompleteNowAsync(string studyUid, string? sender, string actor, string? address, CancellationToken ct)
    {
        if (!Directory.Exists(Root)) return [];
        var uidKey = Key(studyUid);
        // Folders of older versions are named by the study UID alone; an admin's call completes them too.
        string[] folders = sender is not null
            ? [Folder(sender, studyUid)]
            : Directory.GetDirectories(Root).Where(f => Path.GetFileName(f) is var n && (n == uidKey || n.EndsWith("-" + uidKey, StringComparison.Ordinal))).ToArray();
        return await CompleteAsync(folders, TimeSpan.Zero, "queued on request (POST .../complete)", (actor, address), ct);
    }

    // by: who asked for it; null for the quiet period, whose rows name the study's owner (no request, no address).
    private async Task<List<string>> CompleteAsync(string[] folders, TimeSpan quiet, string detail, (string Actor, string? Address)? by, CancellationToken ct)
    {
        var ids = new List<string>();
        await _gate.WaitAsync(ct);
        try
        {
            foreach (var folder in folders)
            {
                if (!Directory.Exists(folder) || DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) < quiet) continue;
                var marker = Path.Combine(folder, StudyUidFile);
                var uid = File.Exists(marker) ? await File.ReadAllTextAsync(marker, ct) : "unknown study";
                File.Delete(marker);
                var ownerPath = Path.Combine(folder, OwnerFile);
                var who = File.Exists(ownerPath) ? await File.ReadAllLinesAsync(ownerPath, ct) : [];
                File.Delete(ownerPath);
                if (!Directory.EnumerateFiles(folder, "*.dcm").Any()) { Storage.StudyFolders.TryDelete(folder); continue; }
                var owner = Blank(who, 0);
                var id = intake.Submit($"STOW {uid}", folder, owner, Blank(who, 1));
                outbox.Add(id); // its results go back to the PACS once analysed, when a destination is configured
                log.LogInformation("STOW-RS study complete: queued as {Id}", id);
                audit.Record(by?.Actor ?? owner ?? "anonymous", by?.Address, AuditActions.StowComplete, id, detail);
                ids.Add(id);
            }
        }
        finally
        {
            _gate.Release();
        }
        return ids;
    }

    /// <summary>The staged copies of a study: the sender's own, or with a null sender (an admin) every sender's.</summary>
    public IEnumerable<string> FoldersOf(string? sender, string studyUid)
    {
        if (!Directory.Exists(Root)) return [];
        if (sender is not null) return Directory.Exists(Folder(sender, studyUid)) ? [Folder(sender, studyUid)] : [];
        var suffix = "-" + Key(studyUid);
        return Directory.GetDirectories(Root).Where(f => Path.GetFileName(f).EndsWith(suffix, StringComparison.Ordinal)).ToArray();
    }

    /// <summary>The Study Instance UIDs a sender (null: every sender) has staged and not yet handed over.</summary>
    public IEnumerable<string> StagedStudyUids(string? sender)
    {
        if (!Directory.Exists(Root)) yield break;
        var prefix = sender is null ? "" : Key(sender) + "-";
        foreach (var folder in Directory.GetDirectories(Root))
        {
            if (!Path.GetFileName(folder).StartsWith(prefix, StringComparison.Ordinal)) continue;
            string? uid = null;
            try { uid = File.ReadAllText(Path.Combine(folder, StudyUidFile)); } catch (IOException) { } // handed over meanwhile
            if (!string.IsNullOrEmpty(uid)) yield return uid;
        }
    }

    private string Folder(string sender, string studyUid) => Path.Combine(Root, Key(sender) + "-" + Key(studyUid));

    private static string? Blank(string[] lines, int i) => lines.Length > i && lines[i].Length > 0 ? lines[i] : null;

    /// <summary>A file-name-safe key of a UID or sender (hex of its SHA-256, shortened).</summary>
    public static string Key(string uid) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uid)))[..32];
}
