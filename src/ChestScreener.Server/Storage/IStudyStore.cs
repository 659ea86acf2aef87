namespace ChestScreener.Server.Storage;

/// <summary>Where studies and their state live (SQLite by default; a server database later), shared by all worker processes.</summary>
public interface IStudyStore
{
    /// <exception cref="UploadKeyTakenException">The owner has a study with the same <see cref="StudyRecord.UploadKey"/>.</exception>
    void Create(StudyRecord study);
    /// <summary>The owner's study made by the upload with this Idempotency-Key, if any (owner null = uploads without authentication).</summary>
    StudyRecord? FindByUploadKey(string? owner, string uploadKey);
    StudyRecord? Get(string id);
    IReadOnlyList<StudyRecord> List();
    /// <summary>Studies not finished yet (receiving, queued, processing), for recovery on start.</summary>
    IReadOnlyList<StudyRecord> ListUnfinished();
    /// <summary>The upload is complete: the study waits for a worker.</summary>
    void MarkQueued(string id, string name, long inputBytes, int fileCount);
    void SetJob(string id, string jobId);

    /// <summary>Atomically takes the study for one worker; false when another live worker holds it or it is finished.</summary>
    bool TryClaim(string id, string worker, TimeSpan lease);
    /// <summary>Extends the claim; false when it was lost.</summary>
    bool RenewClaim(string id, string worker, TimeSpan lease);
    /// <summary>Gives the study back to the queue (graceful stop during processing).</summary>
    void Release(string id, string worker);
    /// <summary>Puts every processing study whose claim lapsed (its worker died or was cut off) back to queued; returns their ids, each to one caller only.</summary>
    IReadOnlyList<string> RequeueLapsed();
    void UpdateProgress(string id, string stage, double percent);
    /// <summary>
    /// Writes the result, once: with a <paramref name="worker"/>, only while that worker still holds the claim; without one, only
    /// while the study is unfinished. False when the write was refused (someone else finished or took over the study).
    /// </summary>
    bool Complete(string id, string? worker, string status, string? verdict, double? probability, string? errorCode, string? errorMessage, string resultJson);
    bool Delete(string id);
}
