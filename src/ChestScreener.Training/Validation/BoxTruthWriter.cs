using System.Text.Json;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Training.Data;

namespace ChestScreener.Training.Validation;

/// <summary>
/// Truth for a study that has lesion boxes but no reader mask (chest/lesions.json): a label map on the CT grid where
/// lesion k is the solid part (above −500 HU) of box k, and a lesions.json beside it with each lesion's longest
/// extent, in the corpus layout that the evaluation reads. A box drawn by inspection also holds the wall or
/// mediastinum it abuts; the evaluation says so where it reports these studies.
/// </summary>
public static class BoxTruthWriter
{
    public const short SolidHu = -500;

    /// <returns>The label map's path.</returns>
    public static string Write(CtVolume ct, IReadOnlyList<LpsBox> boxes, string folder, string name)
    {
        if (boxes.Count == 0 || boxes.Count > 255) throw new ArgumentException($"{name}: between 1 and 255 lesion boxes are needed for box truth (has {boxes.Count})");
        var g = ct.Geometry;
        var labels = new byte[g.VoxelCount];
        var lesions = new List<object>();
        for (int k = 0; k < boxes.Count; k++)
        {
            var b = boxes[k];
            int[] lo = [int.MaxValue, int.MaxValue, int.MaxValue], hi = [int.MinValue, int.MinValue, int.MinValue];
            long count = 0;
            for (int z = 0; z < g.SizeZ; z++)
                for (int y = 0; y < g.SizeY; y++)
                    for (int x = 0; x < g.SizeX; x++)
                    {
                        var p = g.IndexToLps(x, y, z);
                        if (p.X < b.Min.X || p.X > b.Max.X || p.Y < b.Min.Y || p.Y > b.Max.Y || p.Z < b.Min.Z || p.Z > b.Max.Z) continue;
                        long i = g.Index(x, y, z);
                        if (ct.Hu.Data[i] <= SolidHu || labels[i] != 0) continue;
                        labels[i] = (byte)(k + 1);
                        count++;
                        lo[0] = Math.Min(lo[0], x); lo[1] = Math.Min(lo[1], y); lo[2] = Math.Min(lo[2], z);
                        hi[0] = Math.Max(hi[0], x); hi[1] = Math.Max(hi[1], y); hi[2] = Math.Max(hi[2], z);
                    }
            double extent = count == 0 ? 0 : Math.Max((hi[0] - lo[0] + 1) * g.Spacing.X, Math.Max((hi[1] - lo[1] + 1) * g.Spacing.Y, (hi[2] - lo[2] + 1) * g.Spacing.Z));
            lesions.Add(new { id = k + 1, kind = "box", diameter_mm = Math.Round(extent, 1), volume_mm3 = Math.Round(count * g.VoxelVolumeMm3, 1) });
        }
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "lesions.nii.gz");
        NiftiWriter.Write(path, new Volume<byte>(g, labels), $"box truth of {name}");
        File.WriteAllText(Path.Combine(folder, "lesions.json"), JsonSerializer.Serialize(new
        {
            name,
            note = $"solid part (> {SolidHu} HU) of each lesion box; diameter = longest extent of that part",
            lesions,
        }, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
