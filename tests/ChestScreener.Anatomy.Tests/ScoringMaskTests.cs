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

    [Fact]
    public void Mediastinal_margin_takes_the_lung_next_to_the_mediastinum_out_of_the_field()
    {
        // Mediastinum fills x < 10 and x 20..29 except the airway column: lung within 3 mm of it is not scored.
        var a = Layout();
        var m = ScoringMask.Build(a, airwayMarginMm: -1, lungMarginMm: 0, threads: 2, mediastinumMarginMm: 3);
        var g = a.Labels.Geometry;
        byte At(int x) => m.Data[g.Index(x, 20, 10)];
        Assert.Equal(0, At(12));          // 3 mm from the mediastinum at x = 9
        Assert.Equal(1, At(13));          // 4 mm: scored
        Assert.Equal(1, At(16));
        Assert.Equal(0, At(17));          // 3 mm from the mediastinum at x = 20
        Assert.Equal(0, At(5));           // outside the lungs: the lung-field rule
        var off = ScoringMask.Build(a, airwayMarginMm: -1, lungMarginMm: 0, threads: 2);
        Assert.Equal(1, off.Data[g.Index(12, 20, 10)]);
    }

    [Theory]
    [InlineData(1, 3.0, 6.0)]
    [InlineData(2, 0.0, 10.0)]
    [InlineData(3, 5.0, -1.0)]
    [InlineData(4, -1.0, 0.0)]
    public void Box_limited_widening_equals_widening_over_the_whole_grid(int seed, double airwayMm, double lungMm)
    {
        // Random lung and airway blobs (not touching the faces in every case) in a partly cut body.
        var g = VolumeGeometry.Axial(48, 44, 30, new Vec3(0.8, 0.8, 1.5));
        var rng = new Random(seed);
        var labels = new Volume<byte>(g);
        var body = new Volume<byte>(g);
        for (long i = 0; i < body.Data.Length; i++) body.Data[i] = rng.NextDouble() < 0.9 ? (byte)1 : (byte)0;
        Array.Fill(labels.Data, RegionMap.Mediastinum);
        void Blob(byte label, int cx, int cy, int cz, int r)
        {
            for (int z = Math.Max(0, cz - r); z < Math.Min(30, cz + r); z++)
                for (int y = Math.Max(0, cy - r); y < Math.Min(44, cy + r); y++)
                    for (int x = Math.Max(0, cx - r); x < Math.Min(48, cx + r); x++)
                        if (rng.NextDouble() < 0.7) labels.Data[g.Index(x, y, z)] = label;
        }
        Blob(RegionMap.RightLungUpper, rng.Next(5, 20), rng.Next(5, 40), rng.Next(3, 27), 6);
        Blob(RegionMap.LeftLungLower, rng.Next(28, 45), rng.Next(5, 40), rng.Next(3, 27), 7);
        Blob(RegionMap.Airways, 24, 22, rng.Next(0, 30), 3);
        var a = new AnatomyResult { Labels = labels, Body = body };
        Assert.Equal(Reference(a, airwayMm, lungMm), ScoringMask.Build(a, airwayMm, lungMm, threads: 2).Data);
    }

    [Fact]
    public void No_lung_labels_leave_no_lung_field()
    {
        var a = Layout();
        Array.Fill(a.Labels.Data, RegionMap.Mediastinum);
        Assert.All(ScoringMask.Build(a, 2, 4).Data, v => Assert.Equal(0, v));
    }

    // The rule written out over the whole grid: body, not within the airway margin, within the lung margin.
    private static byte[] Reference(AnatomyResult a, double airwayMm, double lungMm)
    {
        var g = Imaging.Filters.Grid3.Of(a.Labels);
        var s = a.Labels.Geometry.Spacing;
        byte[] Wide(Func<byte, bool> pass, double mm)
        {
            var m = a.Labels.Data.Select(l => pass(l) ? (byte)1 : (byte)0).ToArray();
            int R(double sp) => (int)Math.Round(mm / sp);
            return mm > 0 ? Imaging.Filters.BinaryMorphology.Dilate(m, g, R(s.X), R(s.Y), R(s.Z)) : m;
        }
        var airway = airwayMm >= 0 ? Wide(l => l == RegionMap.Airways, airwayMm) : null;
        var field = lungMm >= 0 ? Wide(RegionMap.IsLung, lungMm) : null;
        var r = new byte[a.Body.Data.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = a.Body.Data[i] != 0 && (airway == null || airway[i] == 0) && (field == null || field[i] != 0) ? (byte)1 : (byte)0;
        return r;
    }
}
