using System.Globalization;
using System.Text.Json;

namespace ChestScreener.Training.Data;

/// <summary>
/// The training manifest: a CSV with a header "path,exclude" — one normal study per line (NIfTI file or DICOM
/// folder, relative paths resolved against the manifest's folder) and optional exclusion boxes in LPS mm
/// ("x0 y0 z0 x1 y1 z1", several separated by ';') that training never samples from.
/// </summary>
public sealed record Manifest(IReadOnlyList<ManifestEntry> Entries)
{
    public static Manifest Read(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var entries = new List<ManifestEntry>();
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("path", StringComparison.OrdinalIgnoreCase)) continue;
            int comma = line.IndexOf(',');
            string p = (comma < 0 ? line : line[..comma]).Trim().Trim('"');
            string ex = comma < 0 ? "" : line[(comma + 1)..].Trim().Trim('"');
            var boxes = ex.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(LpsBox.Parse).ToList();
            entries.Add(new ManifestEntry(Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(dir, p)), boxes));
        }
        if (entries.Count == 0) throw new InvalidDataException($"{path}: the manifest lists no studies");
        return new Manifest(entries);
    }

    public void Write(string path)
    {
        using var w = new StreamWriter(path);
        w.WriteLine("path,exclude");
        foreach (var e in Entries) w.WriteLine($"{e.Path},{string.Join(';', e.Exclude)}");
    }

    /// <summary>Builds a manifest from the shared data's lesions.json: each series with its lesion boxes excluded.</summary>
    public static Manifest FromLesionsJson(string lesionsJson, Func<string, string> resolvePath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(lesionsJson));
        var entries = new List<ManifestEntry>();
        foreach (var s in doc.RootElement.GetProperty("series").EnumerateArray())
        {
            var boxes = new List<LpsBox>();
            foreach (var l in s.GetProperty("lesions").EnumerateArray())
            {
                var b = l.GetProperty("bbox_mm_lps");
                var mn = b.GetProperty("min").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                var mx = b.GetProperty("max").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                boxes.Add(LpsBox.Parse(string.Join(' ', mn.Concat(mx).Select(v => v.ToString(CultureInfo.InvariantCulture)))));
            }
            entries.Add(new ManifestEntry(resolvePath(s.GetProperty("name").GetString()!), boxes));
        }
        return new Manifest(entries);
    }
}
