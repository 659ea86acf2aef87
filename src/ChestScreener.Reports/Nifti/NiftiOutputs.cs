using System.Text.Json;
using ChestScreener.Anatomy;
using ChestScreener.Imaging.Nifti;

namespace ChestScreener.Reports.Nifti;

/// <summary>The NIfTI outputs of a study, all on the CT grid with its RAS affine: volume (HU int16), anomaly (score 0..1 as uint8 with scl_slope 1/255), findings (ids), regions (+ regions.json).</summary>
public static class NiftiOutputs
{
    public const string Volume = "volume.nii.gz";
    /// <summary>The viewer's first image: <see cref="PreviewVolume"/> of the CT (int16 HU).</summary>
    public const string VolumePreview = "volume-preview.nii.gz";
    public const string Anomaly = "anomaly.nii.gz";
    public const string FindingIds = "findings.nii.gz";
    public const string Regions = "regions.nii.gz";
    public const string RegionNames = "regions.json";

    /// <summary>Writes what the artifacts hold; returns the file names written.</summary>
    public static List<string> Write(string folder, StudyArtifacts a, int threads = 0)
    {
        // Each file is one gzip stream; writing them side by side divides the wall time by the cores available.
        var jobs = new List<(string Name, Action Write)>();
        if (a.Ct is { } ct)
        {
            jobs.Add((Volume, () => NiftiWriter.Write(Path.Combine(folder, Volume), ct.Hu, "ChestScreener HU")));
            jobs.Add((VolumePreview, () => NiftiWriter.Write(Path.Combine(folder, VolumePreview), PreviewVolume.Make(ct.Hu, threads), "ChestScreener HU preview")));
        }
        if (a.Scores is { } scores) jobs.Add((Anomaly, () => NiftiWriter.WriteUnitInterval(Path.Combine(folder, Anomaly), scores, "ChestScreener anomaly score 0..1", threads)));
        if (a.FindingIds is { } ids) jobs.Add((FindingIds, () => NiftiWriter.Write(Path.Combine(folder, FindingIds), ids, "ChestScreener finding ids")));
        if (a.Regions is { } regions)
        {
            jobs.Add((Regions, () => NiftiWriter.Write(Path.Combine(folder, Regions), regions, "ChestScreener regions")));
            jobs.Add((RegionNames, () =>
            {
                var names = new Dictionary<string, string>();
                foreach (var (id, name) in RegionMap.ToDictionary()) names[id.ToString(System.Globalization.CultureInfo.InvariantCulture)] = name;
                File.WriteAllText(Path.Combine(folder, RegionNames), JsonSerializer.Serialize(names, new JsonSerializerOptions { WriteIndented = true }));
            }));
        }
        Parallel.ForEach(jobs, Parallelism.Options(threads), job => job.Write());
        return jobs.ConvertAll(j => j.Name);
    }
}
