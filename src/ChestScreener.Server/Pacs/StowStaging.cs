using System.Security.Cryptography;
using System.Text;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// Where STOW-RS instances wait, one folder per Study Instance UID, until the study is complete (a quiet period with no new
/// instance, or an explicit POST .../complete); then the folder becomes a queued study. One lock keeps a folder from being
/// handed over while a request is adding to it.
/// </summary>
public sealed class StowStaging(PacsIntake intake, ILogger<StowStaging> log)
{
    private const string StudyUidFile = ".study-uid";
    private const string OwnerFile = ".owner";
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Root => Path.Combine(intake.StagingRoot, "stow");
    public string Incoming => Path.Combine(intake.StagingRoot, "stow-incoming");

    /// <summary>Moves a received, identified instance into its study's waiting folder (same SOP Instance UID = replaced).</summary>
    public async Task AddAsync(string receivedFile, string studyUid, string sopInstanceUid, string? owner, string? site, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var folder = Path.Combine(Root, Key(studyUid));
            Directory.CreateDirectory(folder);
            var marker = Path.Combine(folder, StudyUidFile);
            if (!File.Exists(marker))
            {
                await File.WriteAllTextAsync(marker, studyUid, ct);
                // The sender of the first instance owns the study (and its site sees it), as with an upload.
                await File.WriteAllLinesAsync(Path.Combine(folder, OwnerFile), [owner ?? "", site ?? ""], ct);
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
    public async Task<List<string>> CompleteQuietAsync(TimeSpan quiet, CancellationToken ct) => await CompleteAsync(null, quiet, ct);

    /// <summary>Queues the waiting study with this UID now; null when nothing of it is waiting.</summary>
    public async Task<string?> CompleteNowAsync(string studyUid, CancellationToken ct) =>
        (await CompleteAsync(studyUid, TimeSpan.Zero, ct)).FirstOrDefault();

    private async Task<List<string>> CompleteAsync(string? studyUid, TimeSpan quiet, CancellationToken ct)
    {
        var ids = new List<string>();
        if (!Directory.Exists(Root)) return ids;
        await _gate.WaitAsync(ct);
        try
        {
            var folders = studyUid is null ? Directory.GetDirectories(Root) : [Path.Combine(Root, Key(studyUid))];
            foreach (var folder in folders)
            {
                if (!Directory.Exists(folder) || DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) < quiet) continue;
                var marker = Path.Combine(folder, StudyUidFile);
                var uid = File.Exists(marker) ? await File.ReadAllTextAsync(marker, ct) : "unknown study";
                File.Delete(marker);
                var ownerPath = Path.Combine(folder, OwnerFile);
                var who = File.Exists(ownerPath) ? await File.ReadAllLinesAsync(ownerPath, ct) : [];
                File.Delete(ownerPath);
                if (!Directory.EnumerateFiles(folder).Any()) { Directory.Delete(folder); continue; }
                var id = intake.Submit($"STOW {uid}", folder, Blank(who, 0), Blank(who, 1));
                log.LogInformation("STOW-RS study {Uid} complete: queued as {Id}", uid, id);
                ids.Add(id);
            }
        }
        finally
        {
            _gate.Release();
        }
        return ids;
    }

    private static string? Blank(string[] lines, int i) => lines.Length > i && lines[i].Length > 0 ? lines[i] : null;

    /// <summary>A file-name-safe key of a UID (hex of its SHA-256, shortened).</summary>
    public static string Key(string uid) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(uid)))[..32];
}
