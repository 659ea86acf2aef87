using System.Text.Json;
using ChestScreener.Imaging.Filters;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Imaging;

namespace ChestScreener.Evaluation.Eval;

/// <summary>One lesion of a study's truth: its label in the label map and its longest diameter.</summary>
public sealed record LesionTruthItem(int Id, double DiameterMm, string Kind);

/// <summary>
/// A study's lesions on the CT grid: the label map (0 = none, k = lesion k), each lesion's diameter (from the
/// lesions.json beside the mask, else the equivalent-sphere diameter of its voxels) and the lesions widened by
/// <see cref="NormalDistanceMm"/>: tissue farther than that from every lesion is the study's lesion-free tissue.
/// </summary>
public sealed class LesionTruth
{
    /// <summary>Tissue within this distance of a lesion is neither lesion nor lesion-free (reader outlines are approximate).</summary>
    public const double NormalDistanceMm = 15;

    public required byte[] Labels { get; init; }
    public required byte[] Near { get; init; }
    public required IReadOnlyList<LesionTruthItem> Lesions { get; init; }

    /// <summary>The truth of a manifest row on the grid <paramref name="g"/>, or null when the row has none.</summary>
    public static LesionTruth? Load(ManifestRow row, VolumeGeometry g, int threads)
    {
        var labels = TruthComparer.LabelsOnGrid(row, g);
        if (labels is null) return null;
        var counts = new long[256];
        foreach (byte l in labels) counts[l]++;
        var known = DiametersBesideMask(row.Mask);
        var lesions = new List<LesionTruthItem>();
        for (int id = 1; id < 256; id++)
        {
            if (counts[id] == 0) continue;
            double sphere = 2 * Math.Cbrt(3 * counts[id] * g.VoxelVolumeMm3 / (4 * Math.PI));
            var (d, kind) = known.TryGetValue(id, out var k) ? k : (row.SizeMm ?? Math.Round(sphere, 1), row.Kind);
            lesions.Add(new LesionTruthItem(id, d, kind));
        }
        var any = new byte[labels.Length];
        for (int i = 0; i < any.Length; i++) any[i] = labels[i] != 0 ? (byte)1 : (byte)0;
        var s = g.Spacing;
        int R(double sp) => (int)Math.Ceiling(NormalDistanceMm / sp);
        var near = BinaryMorphology.Dilate(any, new Grid3(g.SizeX, g.SizeY, g.SizeZ), R(s.X), R(s.Y), R(s.Z), threads);
        return new LesionTruth { Labels = labels, Near = near, Lesions = lesions };
    }

    /// <summary>id → (diameter_mm, kind) from lesions.json in the mask's folder (the corpus layout), when it is there.</summary>
    private static Dictionary<int, (double, string)> DiametersBesideMask(string mask)
    {
        var result = new Dictionary<int, (double, string)>();
        if (mask.Length == 0) return result;
        var json = Path.Combine(Path.GetDirectoryName(mask) ?? ".", "lesions.json");
        if (!File.Exists(json)) return result;
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        if (!doc.RootElement.TryGetProperty("lesions", out var list)) return result;
        foreach (var l in list.EnumerateArray())
            if (l.TryGetProperty("id", out var id) && l.TryGetProperty("diameter_mm", out var d) && d.ValueKind == JsonValueKind.Number)
                result[id.GetInt32()] = (d.GetDouble(), l.TryGetProperty("kind", out var k) ? k.GetString() ?? "" : "");
        return result;
    }
}
