using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Anatomy.Tests;

public class ScoringMaskTests
{
    // 40 x 40 x 20 voxels of 1 x 1 x 2 mm, all body: a right-lung block x 10..19, an airway column at x = 30.
    private static AnatomyResult Layout()
    {
        var g = VolumeGeometry.Axial(40, 40, 20, new Vec3(1, 1, 2));
        var labels = new Volume<byte>(g);
        var body = new Volume<byte>(g);
        Array.Fill(body.Data, (byte)1);
        for (int z = 0; z < 20; z++)
            for (int y = 0; y < 40; y++)
                for (int x = 0; x < 40; x++)
                {
                    long i = g.Index(x, y, z);
                    labels.Data[i] = x >= 10 && x < 20 ? RegionMap.RightLungUpper : x == 30 ? RegionMap.Airways : RegionMap.Mediastinum;
                }
        return new AnatomyResult { Labels = labels, Body = body };
    }

    [Fact]
    public void Without_rules_the_body_itself_is_scored()
    {
        var a = Layout();
        Assert.Same(a.Body, ScoringMask.Build(a, -1, -1));
    }

    [Fact]
    public void Lung_field_is_the_lungs_widened_by_the_margin_less_the_widened_airways()
    {
        var a = Layout();
        var m = ScoringMask.Build(a, airwayMarginMm: 2, lungMarginMm: 4);
        var g = a.Labels.Geometry;
        byte At(int x) => m.Data[g.Index(x, 20, 10)];
        Assert.Equal(1, At(15));          // lung
        Assert.Equal(1, At(6));           // 4 mm outside the lung: inside the margin
        Assert.Equal(1, At(23));
        Assert.Equal(0, At(5));           // 5 mm outside: not scored
        Assert.Equal(0, At(24));
        Assert.Equal(0, At(30));          // airway and its 2 mm margin are never scored
        // Without the lung-field rule everything but the widened airway is scored.
        var airwaysOnly = ScoringMask.Build(a, airwayMarginMm: 2);
        Assert.Equal(1, airwaysOnly.Data[g.Index(35, 20, 10)]);
        Assert.Equal(0, airwaysOnly.Data[g.Index(32, 20, 10)]);
        Assert.Equal(1, airwaysOnly.Data[g.Index(33, 20, 10)]);
    }
}
