using System.Text.Json.Nodes;

namespace ChestScreener.Server.Pacs;

/// <summary>Builds DICOM JSON model rows (PS3.18 F.2): attributes keyed by tag with their VR and values.</summary>
public static class DicomJson
{
    public static JsonObject Row() => [];

    public static void Add(JsonObject row, string tag, string vr, params string[] values)
    {
        var list = new JsonArray();
        foreach (var v in values) list.Add(v);
        row[tag] = values.Length == 0 ? new JsonObject { ["vr"] = vr } : new JsonObject { ["vr"] = vr, ["Value"] = list };
    }

    /// <summary>An integer string (IS): DICOM JSON carries it as a number.</summary>
    public static void Add(JsonObject row, string tag, string vr, int value) =>
        row[tag] = new JsonObject { ["vr"] = vr, ["Value"] = new JsonArray(value) };
}
