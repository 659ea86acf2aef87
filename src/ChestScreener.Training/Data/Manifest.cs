using System.Globalization;
using System.Text.Json;

namespace ChestScreener.Training.Data;

/// <summary>
/// The training manifest: a CSV with the header "path,exclude" and optionally the columns "name", "patient" and
/// "lesions" — one study per line (NIfTI file or DICOM folder, relative paths resolved against the manifest's folder),
/// its exclusion boxes in LPS mm ("x0 y0 z0 x1 y1 z1", several separated by ';') that training never samples from,
/// a unique name, the patient (cross-validation splits by it) and a lesion label map used only to evaluate.
/// </summary>
public sealed record Manifest(IReadOnlyList<ManifestEntry> Entries)
{
    private static readonly string[] DefaultColumns = ["path", "exclude"];

    public static Manifest Read(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var entries = new List<ManifestEntry>();
        string[] columns = DefaultColumns;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (line.StartsWith("path", StringComparison.OrdinalIgnoreCase))
            {
                columns = line.Split(',').Select(c => c.Trim().ToLowerInvariant()).ToArray();
                continue;
            }
            // Boxes are written with spaces; a line without extra columns keeps everything after the first comma as boxes.
            var fields = columns.Length <= 2 ? SplitFirst(line) : line.Split(',');
            string Get(string name) { int c = Array.IndexOf(columns, name); return c >= 0 && c < fields.Length ? fields[c].Trim().Trim('"') : ""; }
            string p = Get("path");
            var boxes = Get("exclude").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(LpsBox.Parse).ToList();
            string Resolve(string q) => Path.IsPathRooted(q) ? q : Path.GetFullPath(Path.Combine(dir, q));
            entries.Add(new ManifestEntry(Resolve(p), boxes)
            {
                Name = Get("name") is { Length: > 0 } n ? n : ManifestEntry.NameFromPath(p),
                Patient = Get("patient") is { Length: > 0 } pt ? pt : null!,
                LesionMask = Get("lesions") is { Length: > 0 } l ? Resolve(l) : null,
            });
        }
        if (entries.Count == 0) throw new InvalidDataException($"{path}: the manifest lists no studies");
        var clash = entries.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1);
        if (clash != null) throw new InvalidDataException($"{path}: the study name '{clash.Key}' is used {clash.Count()} times; give each line a unique name column");
        return new Manifest(entries);
    }

    private static string[] SplitFirst(string line)
    {
        int comma = line.IndexOf(',');
        return comma < 0 ? [line] : [line[..comma], line[(comma + 1)..]];
    }

    public void Write(string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("path,exclude,name,patient,lesions");
        foreach (var e in Entries) w.WriteLine($"{e.Path},{string.Join(';', e.Exclude)},{e.Name},{e.Patient},{e.LesionMask}");
    }

    /// <summary>Builds a manifest from the shared data's lesions.json: each series with its lesion boxes excluded.</summary>
    public static Manifest FromLesionsJson(string lesionsJson, Func<string, string> resolvePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(lesionsJson));
        var entries = new List<ManifestEntry>();
        foreach (var s in doc.RootElement.GetProperty("series").EnumerateArray())
        {
            var boxes = s.GetProperty("lesions").EnumerateArray().Select(l => BoxOf(l.GetProperty("bbox_mm_lps"))).ToList();
            string name = s.GetProperty("name").GetString()!;
            entries.Add(new ManifestEntry(resolvePath(name), boxes) { Name = name });
        }
        return new Manifest(entries);
    }

    /// <summary>
    /// Builds a manifest from a corpus folder's manifest.csv (columns name, ct, lesions, patient): every lesion of a
    /// study's lesions.json becomes an exclusion box and its label map is kept for evaluation.
    /// </summary>
    public static Manifest FromCorpus(string corpusManifest)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(corpusManifest))!;
        var lines = File.ReadAllLines(corpusManifest).Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).ToList();
        var header = lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Col(string c) => header.IndexOf(c) is >= 0 and var i ? i : throw new InvalidDataException($"{corpusManifest}: no column '{c}'");
        var entries = new List<ManifestEntry>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            string ct = Path.Combine(dir, f[Col("ct")]), mask = Path.Combine(dir, f[Col("lesions")]);
            string json = Path.Combine(Path.GetDirectoryName(mask)!, "lesions.json");
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var boxes = doc.RootElement.GetProperty("lesions").EnumerateArray().Select(l => BoxOf(l.GetProperty("bbox_mm_lps"))).ToList();
            entries.Add(new ManifestEntry(ct, boxes) { Name = f[Col("name")], Patient = f[Col("patient")], LesionMask = mask });
        }
        return new Manifest(entries);
    }

    private static LpsBox BoxOf(JsonElement b)
    {
        var mn = b.GetProperty("min").EnumerateArray().Select(e => e.GetDouble());
        var mx = b.GetProperty("max").EnumerateArray().Select(e => e.GetDouble());
        return LpsBox.Parse(string.Join(' ', mn.Concat(mx).Select(v => v.ToString(CultureInfo.InvariantCulture))));
    }
}
