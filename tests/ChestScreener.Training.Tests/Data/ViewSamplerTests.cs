using ChestScreener.Imaging.Geometry;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Data;
using ChestScreener.Training.Tests.Fitting;

namespace ChestScreener.Training.Tests.Data;

/// <summary>DenseVICReg view pairs: shapes and ranges, the seed repeats a pair, and crops never reach an exclusion box.</summary>
public sealed class ViewSamplerTests
{
    private static readonly PreprocessingConfig Prep = new() { SpacingMm = 3 };

    private static TrainingVolume Volume(params LpsBox[] exclude) =>
        new("a", SyntheticStudies.Study("a", 1, "p1").Volume, exclude, dilateMm: 0);

    [Fact]
    public void A_pair_has_two_views_and_matching_point_lists_inside_the_unit_cube()
    {
        const int size = 8, points = 64;
        var pair = new ViewSampler(size, points, Prep).TrySample(Volume(), new Random(1));
        Assert.NotNull(pair);
        Assert.Equal(pair.View1.Length, pair.View2.Length);
        Assert.Equal(0, pair.View1.Length % (size * size * size));
        Assert.Equal(3 * points, pair.Grid1.Length);
        Assert.Equal(3 * points, pair.Grid2.Length);
        Assert.All(pair.Grid1.Concat(pair.Grid2), g => Assert.InRange(g, -1f, 1f));
        Assert.All(pair.View1.Concat(pair.View2), v => Assert.False(float.IsNaN(v)));
    }

    [Fact]
    public void The_same_seed_draws_the_same_pair()
    {
        var sampler = new ViewSampler(8, 32, Prep);
        var a = sampler.TrySample(Volume(), new Random(7))!;
        var b = sampler.TrySample(Volume(), new Random(7))!;
        Assert.Equal(a.Grid1, b.Grid1);
        Assert.Equal(a.View2, b.View2);
        Assert.NotEqual(a.Grid1, sampler.TrySample(Volume(), new Random(8))!.Grid1);
    }

    [Fact]
    public void No_crop_is_drawn_where_every_footprint_touches_an_exclusion_box()
    {
        // The whole 24^3 grid at 3 mm (LPS 0..69 mm) is excluded: every attempt is refused.
        var all = new LpsBox(new Vec3(-10, -10, -10), new Vec3(80, 80, 80));
        Assert.Null(new ViewSampler(8, 32, Prep).TrySample(Volume(all), new Random(1)));
        // A box away from the grid changes nothing.
        var far = new LpsBox(new Vec3(500, 500, 500), new Vec3(510, 510, 510));
        Assert.NotNull(new ViewSampler(8, 32, Prep).TrySample(Volume(far), new Random(1)));
    }
}
