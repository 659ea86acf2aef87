using ChestScreener.Server.Options;
using ChestScreener.Server.Storage;

namespace ChestScreener.Server.Jobs;

/// <summary>
/// Removes the input/ of a study whose analysis refused it (status rejected), once its result is recorded, unless
/// <see cref="ServerOptions.KeepRejectedInputs"/> says to keep it: a refused input is patient data nobody can use. What a
/// rejected study shows (its result.json, with the code and message) lives in output/ and the database and stays.
/// </summary>
public static class RejectedInputs
{
    public static void RemoveIfRejected(StudyFolders folders, ServerOptions options, string studyId, string status)
    {
        if (status != StudyStatus.Rejected || options.KeepRejectedInputs) return;
        StudyFolders.TryDelete(folders.Input(studyId));
    }
}
