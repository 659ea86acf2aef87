using System.Text.Json;
using ChestScreener.Dicom;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Tests;
using Xunit.Abstractions;

namespace ChestScreener.Anatomy.Tests;

/// <summary>The two chest studies, read once through the DICOM reader and analysed (null when the data is absent).</summary>
public sealed class ChestStudies
{
    private readonly Dictionary<string, (CtVolume Ct, AnatomyResult Anatomy)?> _cache = [];

    public (CtVolume Ct, AnatomyResult Anatomy) Get(string name)
    {
        lock (_cache)
        {
            if (!_cache.TryGetValue(name, out var v))
            {
                var path = TestData.Require("chest/" + name);
                var ct = StudyReader.Read([path]);
                v = (ct, AnatomyAnalyzer.Analyze(ct, threads: 2));
                _cache[name] = v;
            }
            return v!.Value;
        }
    }
}

public class RealDataAnatomyTests(ChestStudies studies, ITestOutputHelper output) : IClassFixture<ChestStudies>
{
    [SkippableTheory]
    [InlineData("lidc-idri-0314", 700)]
    [InlineData("popi-00", 1500)]
    public void ChestStudiesPassTheGateWithPlausibleLungs(string name, double minRightMl)
    {
        var (_, a) = studies.Get(name);
        output.WriteLine($"{name}: right {a.RightLungMl:0} ml, left {a.LeftLungMl:0} ml; " + string.Join(" | ", a.Checks));
        ChestGate.Check(a);
        // LIDC-IDRI-0314's right lung is largely airless (a mass filling the upper lobe to the apex, a high right
        // hemidiaphragm): its aerated right lung is about 0.9 l, so the classical segmentation cannot reach 1.5 l there.
        Assert.InRange(a.RightLungMl, minRightMl, 5000);
        Assert.InRange(a.LeftLungMl, 1500, 5000);
        Assert.True(a.Facts.TracheaFound);
        Assert.True(a.Facts.HeartMl > 200, $"heart estimate {a.Facts.HeartMl:0} ml");
    }

    [SkippableTheory]
    [InlineData("lidc-idri-0314")]
    [InlineData("popi-00")]
    public void LesionBoxesFallInTheRightLung(string name)
    {
        var (ct, a) = studies.Get(name);
        using var doc = JsonDocument.Parse(File.ReadAllText(TestData.Require("chest/lesions.json")));
        var series = doc.RootElement.GetProperty("series").EnumerateArray().First(s => s.GetProperty("name").GetString() == name);
        foreach (var lesion in series.GetProperty("lesions").EnumerateArray())
        {
            var box = lesion.GetProperty("bbox_mm_lps");
            var min = Vec(box.GetProperty("min")); var max = Vec(box.GetProperty("max"));
            var (right, left) = CountLungInBox(ct.Geometry, a.Labels, min, max);
            output.WriteLine($"{name} {lesion.GetProperty("id").GetString()}: right-lung voxels {right}, left-lung voxels {left}");
            Assert.True(right > 0, "no right-lung voxel in the lesion box");
            Assert.True(left <= 0.01 * right, $"{left} left-lung voxels against {right} right-lung voxels in a right-lung lesion box");
        }
    }

    private static Vec3 Vec(JsonElement e) => new(e[0].GetDouble(), e[1].GetDouble(), e[2].GetDouble());

    private static (long Right, long Left) CountLungInBox(VolumeGeometry g, Volume<byte> labels, Vec3 min, Vec3 max)
    {
        long right = 0, left = 0;
        var a = g.LpsToIndex(min); var b = g.LpsToIndex(max);
        int x0 = (int)Math.Max(0, Math.Floor(Math.Min(a.X, b.X))), x1 = (int)Math.Min(g.SizeX - 1, Math.Ceiling(Math.Max(a.X, b.X)));
        int y0 = (int)Math.Max(0, Math.Floor(Math.Min(a.Y, b.Y))), y1 = (int)Math.Min(g.SizeY - 1, Math.Ceiling(Math.Max(a.Y, b.Y)));
        int z0 = (int)Math.Max(0, Math.Floor(Math.Min(a.Z, b.Z))), z1 = (int)Math.Min(g.SizeZ - 1, Math.Ceiling(Math.Max(a.Z, b.Z)));
        for (int z = z0; z <= z1; z++)
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++)
                {
                    byte l = labels[x, y, z];
                    if (RegionMap.IsRightLung(l)) right++;
                    else if (RegionMap.IsLeftLung(l)) left++;
                }
        return (right, left);
    }

    [SkippableFact]
    public void AbdomenIsRejectedByTheGateWithoutItsBodyPartTag()
    {
        var ct = StudyReader.Read([TestData.Require("negative/abdomen-ct.nii.gz")], ReadOptions.NoChestChecks);
        var a = AnatomyAnalyzer.Analyze(ct, threads: 2);
        var e = Assert.Throws<ScreenerException>(() => ChestGate.Check(a));
        output.WriteLine(e.Message);
        Assert.Equal(RejectionCode.NotChest, e.Code);
        Assert.Contains("abdominal CT", e.Message);
    }

    [SkippableFact]
    public void HeadCtIsRejectedByTheGateAndByItsTag()
    {
        var path = TestData.Require("negative/head-ct-gantry-tilt");
        var ct = StudyReader.Read([path], ReadOptions.NoChestChecks);
        var a = AnatomyAnalyzer.Analyze(ct, threads: 2);
        var e = Assert.Throws<ScreenerException>(() => ChestGate.Check(a));
        output.WriteLine(e.Message);
        Assert.Equal(RejectionCode.NotChest, e.Code);
        Assert.StartsWith("no lungs", e.Message);

        var byTag = Assert.Throws<ScreenerException>(() => StudyReader.Read([path]));
        output.WriteLine(byTag.Message);
        Assert.Equal(RejectionCode.NotChest, byTag.Code);
    }
}
