using System.Text.Json;

namespace ChestScreener.Server.Pacs;

/// <summary>
/// What the Orthanc bridge remembers across restarts (data/pacs/orthanc.json): the last change read and, per Orthanc study,
/// the ChestScreener study made from it and whether its results were sent back — so a study is analysed once, even though
/// Orthanc reports it stable again after the results arrive.
/// </summary>
public sealed class OrthancState
{
    public long Since { get; set; } = -1;
    public Dictionary<string, Entry> Studies { get; set; } = [];

    public sealed class Entry
    {
        public string StudyId { get; set; } = "";
        public string StudyUid { get; set; } = "";
        public bool Pushed { get; set; }
        public int PushedFiles { get; set; }
        public string? Note { get; set; }
    }

    public static OrthancState Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<OrthancState>(File.ReadAllText(path)) ?? new OrthancState() : new OrthancState();

    /// <summary>Writes the state atomically (temp file + rename).</summary>
    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this));
        File.Move(temp, path, overwrite: true);
    }
}
