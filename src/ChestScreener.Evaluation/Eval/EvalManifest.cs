using System.Globalization;
using System.Text;

namespace ChestScreener.Evaluation.Eval;

/// <summary>Reads and writes the labelled-set CSV (header row; columns by name; only path and label are required).</summary>
public static class EvalManifest
{
    public static readonly string[] Columns =
        ["study", "path", "label", "kind", "size_mm", "variant", "source", "mask", "box_lps", "center_lps", "lesion_ml", "noise_sd", "seed", "description", "model", "patient", "fold"];

    private static readonly string[] Labels = ["normal", "pathology", "reject"];

    public static List<ManifestRow> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"manifest '{path}' does not exist");
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).ToList();
        if (lines.Count == 0) throw new FormatException($"manifest '{path}' is empty");
        var header = SplitCsv(lines[0]).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int Col(string name) => header.IndexOf(name);
        if (Col("path") < 0 || Col("label") < 0) throw new FormatException($"manifest '{path}' needs the columns path and label (has: {string.Join(", ", header)})");
        var rows = new List<ManifestRow>();
        for (int n = 1; n < lines.Count; n++)
        {
            var f = SplitCsv(lines[n]);
            string Get(string name) { int c = Col(name); return c >= 0 && c < f.Count ? f[c].Trim() : ""; }
            string label = Get("label").ToLowerInvariant();
            if (!Labels.Contains(label)) throw new FormatException($"manifest line {n + 1}: label '{label}' is not one of {string.Join("|", Labels)}");
            string p = Resolve(folder, Get("path"));
            if (p.Length == 0) throw new FormatException($"manifest line {n + 1}: empty path");
            string study = Get("study");
            rows.Add(new ManifestRow
            {
                Study = study.Length > 0 ? study : System.IO.Path.GetFileName(p.TrimEnd('/')),
                Path = p,
                Label = label,
                Kind = Get("kind"),
                SizeMm = Number(Get("size_mm")),
                Variant = Get("variant"),
                Source = Get("source"),
                Mask = Resolve(folder, Get("mask")),
                BoxLps = Numbers(Get("box_lps"), 6, n),
                CenterLps = Numbers(Get("center_lps"), 3, n),
                LesionMl = Number(Get("lesion_ml")),
                NoiseSd = Number(Get("noise_sd")),
                Seed = Get("seed").Length > 0 ? int.Parse(Get("seed"), CultureInfo.InvariantCulture) : null,
                Description = Get("description"),
                Model = Resolve(folder, Get("model")),
                Patient = Get("patient"),
                Fold = Get("fold"),
            });
        }
        return rows;
    }

    /// <summary>Writes rows with paths relative to the manifest's folder where they lie below it.</summary>
    public static void Write(string path, IEnumerable<ManifestRow> rows)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', Columns));
        foreach (var r in rows)
        {
            string[] f =
            [
                r.Study, Relative(folder, r.Path), r.Label, r.Kind, Num(r.SizeMm), r.Variant, r.Source, Relative(folder, r.Mask),
                Nums(r.BoxLps), Nums(r.CenterLps), Num(r.LesionMl), Num(r.NoiseSd), r.Seed?.ToString(CultureInfo.InvariantCulture) ?? "", r.Description,
                Relative(folder, r.Model), r.Patient, r.Fold,
            ];
            sb.AppendLine(string.Join(',', f.Select(Quote)));
        }
        File.WriteAllText(path, sb.ToString());
    }

    public static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var cur = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cur.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cur.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(cur.ToString()); cur.Clear(); }
            else cur.Append(c);
        }
        fields.Add(cur.ToString());
        return fields;
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private static string Resolve(string folder, string p) => p.Length == 0 ? "" : System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(p) ? p : System.IO.Path.Combine(folder, p));

    private static string Relative(string folder, string p)
    {
        if (p.Length == 0) return "";
        var full = System.IO.Path.GetFullPath(p);
        return full.StartsWith(folder + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) ? System.IO.Path.GetRelativePath(folder, full) : full;
    }

    private static double? Number(string s) => s.Length == 0 ? null : double.Parse(s, CultureInfo.InvariantCulture);

    private static double[]? Numbers(string s, int count, int line)
    {
        if (s.Length == 0) return null;
        var parts = s.Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != count) throw new FormatException($"manifest line {line + 1}: expected {count} numbers in '{s}'");
        return parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
    }

    private static string Num(double? v) => v?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";

    private static string Nums(double[]? v) => v is null ? "" : string.Join(' ', v.Select(x => x.ToString("0.#", CultureInfo.InvariantCulture)));
}
