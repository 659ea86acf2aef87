using System.Collections.Concurrent;
using System.Text.Json;
using ChestScreener.Dicom;
using ChestScreener.Server.Auth;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// The DICOM instances a caller may retrieve or search by DICOMweb, per Study Instance UID: the caller's STOW-RS copy still
/// being staged, and for every study the caller may see (Auth.StudyAccess), the DICOM files it was received as (input folder;
/// zips are skipped) and its DICOM results (output/*.dcm: SR, SC, SEG). Headers are read with GDCM once per file version.
/// </summary>
public sealed class DicomWebCatalog(IStudyStore store, StudyFolders folders, StowStaging staging)
{
    /// <summary>One instance: where it lies, its identifiers, and the ChestScreener study it belongs to (null while staged).</summary>
    public sealed record Instance(string Path, DicomInstanceId Id, string? StudyId);

    private readonly ConcurrentDictionary<string, (DateTime Time, long Length, DicomInstanceId? Id)> _headers = new();
    private readonly ConcurrentDictionary<string, string> _finishedUids = new();

    /// <summary>Every visible instance of the study, results included; empty when the caller may see none.</summary>
    public List<Instance> Study(Caller caller, string studyUid)
    {
        var list = new List<Instance>();
        foreach (var (record, uid) in VisibleStudies(caller))
        {
            if (uid != studyUid) continue;
            list.AddRange(Files(record.Id));
        }
        foreach (var folder in staging.FoldersOf(caller.IsAdmin ? null : StowStaging.Sender(caller.Actor, caller.Site), studyUid))
            list.AddRange(Read(Directory.EnumerateFiles(folder, "*.dcm"), null));
        // The same instance can be both staged and in a study only for an instant; a resend replaced it: keep one.
        return list.Where(i => i.Id.StudyUid == studyUid).DistinctBy(i => i.Id.SopInstanceUid).ToList();
    }

    /// <summary>The Study Instance UIDs the caller may see (finished studies, and received ones still waiting or running).</summary>
    public IEnumerable<string> StudyUids(Caller caller)
    {
        var uids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, uid) in VisibleStudies(caller)) uids.Add(uid);
        foreach (var uid in staging.StagedStudyUids(caller.IsAdmin ? null : StowStaging.Sender(caller.Actor, caller.Site))) uids.Add(uid);
        return uids;
    }

    /// <summary>The visible studies whose Study Instance UID is known: from result.json once finished, from the name of a received one before.</summary>
    private IEnumerable<(StudyRecord Record, string Uid)> VisibleStudies(Caller caller)
    {
        foreach (var s in store.List())
        {
            if (!StudyAccess.CanSee(caller, s)) continue;
            if (UidOf(s) is { Length: > 0 } uid) yield return (s, uid);
        }
    }

    private string? UidOf(StudyRecord s)
    {
        if (_finishedUids.TryGetValue(s.Id, out var known)) return known;
        if (s.ResultJson is { Length: > 0 } json && StudyStatus.IsFinished(s.Status))
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.TryGetProperty("study_uid", out var u) && u.GetString() is { Length: > 0 } uid)
                    return _finishedUids[s.Id] = uid;
            }
            catch (JsonException) { }
        }
        // Received studies are named after their UID by PacsIntake's callers ("STOW <uid>", "Orthanc <uid>").
        foreach (var prefix in (string[])["STOW ", "Orthanc "])
            if (s.Name.StartsWith(prefix, StringComparison.Ordinal)) return s.Name[prefix.Length..];
        return null;
    }

    private IEnumerable<Instance> Files(string studyId)
    {
        var input = folders.Input(studyId);
        var output = folders.Output(studyId);
        var files = new List<string>();
        if (Directory.Exists(input))
            files.AddRange(Directory.EnumerateFiles(input, "*", SearchOption.AllDirectories).Where(f => !IsArchive(f)));
        if (Directory.Exists(output)) files.AddRange(Directory.EnumerateFiles(output, "*.dcm"));
        return Read(files, studyId);
    }

    private IEnumerable<Instance> Read(IEnumerable<string> files, string? studyId)
    {
        foreach (var f in files)
        {
            FileInfo info;
            try { info = new FileInfo(f); if (!info.Exists) continue; } catch (IOException) { continue; }
            var key = (info.LastWriteTimeUtc, info.Length);
            // Entries of deleted studies linger; a crude cap keeps a long-running server's cache bounded (~100 B each).
            if (_headers.Count > 500_000) _headers.Clear();
            if (!_headers.TryGetValue(f, out var h) || h.Time != key.LastWriteTimeUtc || h.Length != key.Length)
                _headers[f] = h = (key.LastWriteTimeUtc, key.Length, DicomInstanceId.TryRead(f));
            if (h.Id is not null) yield return new Instance(f, h.Id, studyId);
        }
    }

    private static bool IsArchive(string path) =>
        path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) ||
        path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
}
