using System.Text.Json;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Training.Data;
using ChestScreener.Training.Validation;

namespace ChestScreener.Training.Tests.Validation;

public sealed class BoxTruthWriterTests
{
    [Fact]
    public void Each_box_becomes_its_own_label_holding_only_its_solid_part()
    {
        // 20^3 voxels of 2 mm, air (-900 HU) with a solid 4x3x2-voxel block (40 HU) inside box 1 and nothing solid in box 2.
        var g = VolumeGeometry.Axial(20, 20, 20, new Vec3(2, 2, 2));
        var hu = Enumerable.Repeat((short)-900, 8000).ToArray();
        for (int z = 5; z < 7; z++) for (int y = 4; y < 7; y++) for (int x = 3; x < 7; x++) hu[g.Index(x, y, z)] = 40;
        var ct = new CtVolume(new Volume<short>(g, hu), new ScanInfo { Modality = "CT" });
        LpsBox Box(int x0, int y0, int z0, int x1, int y1, int z1) => new(g.IndexToLps(x0, y0, z0), g.IndexToLps(x1, y1, z1));
        var boxes = new[] { Box(1, 1, 1, 10, 10, 10), Box(12, 12, 12, 15, 15, 15) };
        var folder = Directory.CreateTempSubdirectory("boxtruth").FullName;
        try
        {
            var path = BoxTruthWriter.Write(ct, boxes, folder, "s1");
            var labels = NiftiReader.Read(path).Values.Data;
            Assert.Equal(24, labels.Count(v => v == 1));
            Assert.Equal(0, labels.Count(v => v == 2));
            Assert.Equal(1, labels[(int)g.Index(3, 4, 5)]);
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "lesions.json")));
            var first = doc.RootElement.GetProperty("lesions")[0];
            Assert.Equal(8.0, first.GetProperty("diameter_mm").GetDouble());   // 4 voxels x 2 mm, the longest side
            Assert.Equal(192.0, first.GetProperty("volume_mm3").GetDouble());  // 24 voxels x 8 mm3
        }
        finally { Directory.Delete(folder, true); }
    }
}
