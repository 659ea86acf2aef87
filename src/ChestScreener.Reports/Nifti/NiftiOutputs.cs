using System.Text.Json;
using ChestScreener.Anatomy;
using ChestScreener.Imaging.Nifti;

namespace ChestScreener.Reports.Nifti;

/// <summary>The NIfTI outputs of a study, all on the CT grid with its RAS affine: volume (HU int16), anomaly (score), findings (ids), regions (+ regions.json).</summary>
public static class NiftiOutputs
{
    public const string Volume = "volume.nii.gz";
    public const string Anomaly = "anomaly.nii.gz";
    public const string FindingIds = "findings.nii.gz";
    public const string Regions = "regions.nii.gz";
    public const string RegionNames = "regions.json";

    /// <summary>Writes what the artifacts hold; returns the file names written.</summary>
    public static List<string> Write(string folder, StudyArtifacts a)
    {
        var written = new List<string>();
        if (a.Ct is not null)
        {
            NiftiWriter.Write(Path.Combine(folder, Volume), a.Ct.Hu, "ChestScreener HU");
            written.Add(Volume);
        }
        if (a.Scores is not null)
        {
            NiftiWriter.Write(Path.Combine(folder, Anomaly), a.Scores, "ChestScreener anomaly score 0..1");
            written.Add(Anomaly);
        }
        if (a.FindingIds is not null)
        {
            NiftiWriter.Write(Path.Combine(folder, FindingIds), a.FindingIds, "ChestScreener finding ids");
            written.Add(FindingIds);
        }
        if (a.Regions is not null)
        {
            NiftiWriter.Write(Path.Combine(folder, Regions), a.Regions, "ChestScreener regions");
            var names = new Dictionary<string, string>();
            foreach (var (id, name) in RegionMap.ToDictionary()) names[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = name;
            File.WriteAllText(Path.Combine(folder, RegionNames), JsonSerializer.Serialize(names, new JsonSerializerOptions { WriteIndented = true }));
            written.AddRange([Regions, RegionNames]);
        }
        return written;
    }
}
