using System.Text.Json;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>A real series listed in lesions.json: where it is, its slice count and its lesion-free sorted-slice ranges (inclusive).</summary>
public sealed record SourceSeries(string Name, string Path, int Slices, IReadOnlyList<(int Lo, int Hi)> LesionFree)
{
    /// <summary>Each lesion's first sorted slice and the LPS z (mm) of its box's lower edge: a check that the reader's slice order is the file's.</summary>
    public IReadOnlyList<(int Slice, double ZMm)> LesionStarts { get; init; } = [];

    /// <summary>Reads the "series" list of lesions.json; paths are relative to <paramref name="dataRoot"/>.</summary>
    public static List<SourceSeries> ReadLesionsJson(string lesionsJson, string dataRoot)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(lesionsJson));
        var list = new List<SourceSeries>();
        foreach (var s in doc.RootElement.GetProperty("series").EnumerateArray())
        {
            var ranges = new List<(int, int)>();
            foreach (var r in s.GetProperty("lesion_free_slices").EnumerateArray())
                ranges.Add((r[0].GetInt32(), r[1].GetInt32()));
            var starts = new List<(int, double)>();
            if (s.TryGetProperty("lesions", out var lesions))
                foreach (var l in lesions.EnumerateArray())
                    starts.Add((l.GetProperty("bbox_voxel").GetProperty("min")[2].GetInt32(), l.GetProperty("bbox_mm_lps").GetProperty("min")[2].GetDouble()));
            list.Add(new SourceSeries(
                s.GetProperty("name").GetString()!,
                System.IO.Path.Combine(dataRoot, s.GetProperty("path").GetString()!),
                s.GetProperty("slices").GetInt32(),
                ranges) { LesionStarts = starts });
        }
        return list;
    }
}
