using System.Data.Common;

namespace ChestScreener.Server.Storage;

/// <summary>
/// The one mapping of a studies-table row to a <see cref="StudyRecord"/>, shared by the SQLite and PostgreSQL stores:
/// both select the same columns in the same order (each store's <c>Columns</c>); only how a time is stored differs
/// (SQLite: Unix milliseconds, PostgreSQL: timestamptz), so the store passes its time reader.
/// </summary>
internal static class StudyRows
{
    public static StudyRecord Read(DbDataReader r, Func<DbDataReader, int, DateTimeOffset> time) => new()
    {
        Id = r.GetString(0),
        Name = r.GetString(1),
        Status = r.GetString(2),
        Stage = Text(r, 3),
        Progress = r.GetDouble(4),
        CreatedUtc = time(r, 5),
        StartedUtc = r.IsDBNull(6) ? null : time(r, 6),
        FinishedUtc = r.IsDBNull(7) ? null : time(r, 7),
        InputBytes = r.GetInt64(8),
        FileCount = r.GetInt32(9),
        JobId = Text(r, 10),
        Runs = r.GetInt32(11),
        ErrorCode = Text(r, 12),
        ErrorMessage = Text(r, 13),
        Verdict = Text(r, 14),
        Probability = r.IsDBNull(15) ? null : r.GetDouble(15),
        ResultJson = Text(r, 16),
        Owner = Text(r, 17),
        Site = Text(r, 18),
        UploadKey = Text(r, 19),
        Attempts = r.GetInt32(20),
    };

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
