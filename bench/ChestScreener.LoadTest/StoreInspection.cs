using Microsoft.Data.Sqlite;

namespace ChestScreener.LoadTest;

/// <summary>One study as the stopped server left it: database row and files.</summary>
public sealed record StudyState(string Id, string Status, int Runs, long? FinishedMs, bool HasResultJson, int WorkFolders, int PartialFolders, bool HasInput);

/// <summary>Reads the data folder of a stopped server: every row of studies.db and what is on disk for it.</summary>
public static class StoreInspection
{
    public static Dictionary<string, StudyState> Read(string dataDir)
    {
        var result = new Dictionary<string, StudyState>(StringComparer.Ordinal);
        var cs = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, "studies.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using (var c = new SqliteConnection(cs))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT id, status, runs, finished_ms FROM studies";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var id = r.GetString(0);
                var folder = Path.Combine(dataDir, "studies", id);
                result[id] = new StudyState(id, r.GetString(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetInt64(3),
                    File.Exists(Path.Combine(folder, "output", "result.json")),
                    Directory.Exists(folder) ? Directory.GetDirectories(folder, "work-*").Length : 0,
                    Directory.Exists(folder) ? Directory.GetDirectories(folder, "input.partial-*").Length : 0,
                    Directory.Exists(Path.Combine(folder, "input")));
            }
        }
        return result;
    }

    /// <summary>Study folders on disk that have no database row (should be none).</summary>
    public static int OrphanFolders(string dataDir, IReadOnlyDictionary<string, StudyState> rows)
    {
        var studies = Path.Combine(dataDir, "studies");
        if (!Directory.Exists(studies)) return 0;
        return Directory.GetDirectories(studies).Count(d => !rows.ContainsKey(Path.GetFileName(d)));
    }
}
