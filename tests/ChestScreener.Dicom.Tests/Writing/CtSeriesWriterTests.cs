using ChestScreener.Dicom;
using ChestScreener.Dicom.Writing;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Tests;

namespace ChestScreener.Dicom.Tests.Writing;

public class CtSeriesWriterTests
{
    [Fact]
    public void Written_series_reads_back_with_the_same_hu_geometry_and_uids()
    {
        var g = new VolumeGeometry(40, 32, 12, new Vec3(0.7, 0.7, 2.5), new Vec3(-150.25, -120.5, -300.0), new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));
        var hu = new Volume<short>(g);
        var rng = new Random(2);
        for (int i = 0; i < hu.Data.Length; i++) hu.Data[i] = (short)rng.Next(-1024, 3072);
        using var temp = TestData.NewTempFolder();
        var tags = SeriesTags.For("roundtrip", 9);
        var files = CtSeriesWriter.Write(temp.Path, hu, tags);
        Assert.Equal(12, files.Count);

        var back = StudyReader.Read([temp.Path], ReadOptions.NoChestChecks);
        Assert.Equal(hu.Data, back.Hu.Data);
        var b = back.Geometry;
        Assert.Equal((40, 32, 12), (b.SizeX, b.SizeY, b.SizeZ));
        Assert.True((b.Origin - g.Origin).Length < 1e-3, $"origin {b.Origin}");
        Assert.True((b.Spacing - g.Spacing).Length < 1e-4, $"spacing {b.Spacing}");
        Assert.Equal(tags.StudyUid, back.Info.StudyUid);
        Assert.Equal(tags.SeriesUid, back.Info.SeriesUid);
        Assert.Equal("CT", back.Info.Modality);
        Assert.Equal("CHEST", back.Info.BodyPartExamined);
    }

    [Fact]
    public void Uids_are_deterministic_valid_and_distinct()
    {
        var a = SeriesTags.For("study-a", 1);
        Assert.Equal(a, SeriesTags.For("study-a", 1));
        Assert.NotEqual(a.StudyUid, SeriesTags.For("study-b", 1).StudyUid);
        Assert.NotEqual(a.StudyUid, SeriesTags.For("study-a", 2).StudyUid);
        foreach (var uid in new[] { a.StudyUid, a.SeriesUid, a.FrameOfReferenceUid })
        {
            Assert.StartsWith("2.25.", uid);
            Assert.True(uid.Length <= 64);
            Assert.Matches("^2\\.25\\.[1-9][0-9]*$", uid);
        }
    }
}
