using ChestScreener.Results;

namespace ChestScreener.Server.Storage;

/// <summary>Life of a study in the service; the lowercase names are what the API shows.</summary>
public static class StudyStatus
{
    /// <summary>Upload in progress; never shown to clients and cleaned up on start if left behind.</summary>
    public const string Receiving = "receiving";
    public const string Queued = "queued";
    public const string Processing = "processing";
    /// <summary>Analysed; result.json has status ok.</summary>
    public const string Done = "done";
    /// <summary>The input was refused (result.json status rejected, with a code).</summary>
    public const string Rejected = "rejected";
    /// <summary>The program itself failed on this input.</summary>
    public const string Failed = "failed";

    public static bool IsFinished(string status) => status is Done or Rejected or Failed;

    public static string FromResultStatus(ResultStatus resultStatus) => resultStatus switch
    {
        ResultStatus.Ok => Done,
        ResultStatus.Rejected => Rejected,
        _ => Failed,
    };
}
