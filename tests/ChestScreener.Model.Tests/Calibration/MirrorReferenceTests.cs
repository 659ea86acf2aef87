using System.Text.Json;
using ChestScreener.Model.Calibration;

namespace ChestScreener.Model.Tests.Calibration;

public sealed class MirrorReferenceTests
{
    // Two "lungs" on a 40 x 20 x 20 grid, mirror images of each other about x = 19.5 (x 4..15 and 24..35), NLL 0
    // inside, NaN (unscored) elsewhere.
    private const int Sx = 40, Sy = 20, Sz = 20;
    private const double Midline = 19.5;

    private static float[] Lungs()
    {
        var map = new float[Sx * Sy * Sz];
        Array.Fill(map, float.NaN);
        for (int z = 0; z < Sz; z++)
            for (int y = 2; y < Sy - 2; y++)
                for (int x = 0; x < Sx; x++)
                    if (x is >= 4 and <= 15 or >= 24 and <= 35) map[Index(x, y, z)] = 0;
        return map;
    }

    private static int Index(int x, int y, int z) => (z * Sy + y) * Sx + x;

    private static void Raise(float[] map, int x0, int x1, int y0, int y1, int z0, int z1, float by)
    {
        for (int z = z0; z <= z1; z++)
            for (int y = y0; y <= y1; y++)
                for (int x = x0; x <= x1; x++)
                    if (!float.IsNaN(map[Index(x, y, z)])) map[Index(x, y, z)] += by;
    }

    [Fact]
    public void A_rise_on_both_sides_cancels_and_a_one_sided_lesion_keeps_its_score()
    {
        var map = Lungs();
        Raise(map, 4, 7, 2, 17, 0, 19, 10);       // the right lung's lateral rim, as a new scanner might raise it
        Raise(map, 32, 35, 2, 17, 0, 19, 10);     // and its mirror image on the left
        Raise(map, 9, 11, 8, 10, 8, 10, 10);      // a lesion in the right lung only
        MirrorReference.Apply(map, Midline, Sx, Sy, Sz, half: 1, threads: 2);

        Assert.Equal(10f, map[Index(10, 9, 9)], 3);            // lesion: its mirror (x 29) is ordinary lung
        Assert.InRange(map[Index(5, 9, 9)], -0.01f, 0.01f);    // rim: its mirror is raised alike
        Assert.InRange(map[Index(34, 9, 9)], -0.01f, 0.01f);
        Assert.True(map[Index(29, 9, 9)] <= 0f);               // the lesion's mirror image only ever goes down
        Assert.True(float.IsNaN(map[Index(20, 9, 9)]));        // unscored stays unscored
    }

    [Fact]
    public void Without_a_scored_mirror_image_a_voxel_keeps_its_value()
    {
        var map = Lungs();
        for (int z = 0; z < Sz; z++)
            for (int y = 0; y < Sy; y++)
                for (int x = 24; x < Sx; x++) map[Index(x, y, z)] = float.NaN; // no left lung (the heart's side)
        Raise(map, 4, 15, 2, 17, 0, 9, 5);
        var before = (float[])map.Clone();
        MirrorReference.Apply(map, Midline, Sx, Sy, Sz, half: 2, threads: 1);
        Assert.Equal(before, map);
    }

    [Fact]
    public void The_midline_is_the_middle_of_the_body_even_off_centre()
    {
        var body = new byte[Sx * Sy * Sz];
        for (int z = 0; z < Sz; z++)
            for (int y = 3; y < 15; y++)
                for (int x = 10; x <= 37; x++) body[Index(x, y, z)] = 1;
        body[Index(0, 0, 3)] = 1; // one stray voxel moves one slice's middle, not the median
        Assert.Equal(23.5, MirrorReference.Midline(body, Sx, Sy, Sz));
    }

    [Fact]
    public void Model_json_carries_the_box_half_width_and_leaves_it_out_when_off()
    {
        var on = new ScoreCalibration { NllMedian = -30, MirrorReferenceMm = 12 };
        var json = JsonSerializer.Serialize(on, ModelConfig.JsonOptions);
        Assert.Contains("\"mirror_reference_mm\": 12", json);
        Assert.Equal(12, JsonSerializer.Deserialize<ScoreCalibration>(json, ModelConfig.JsonOptions)!.MirrorReferenceMm);
        Assert.DoesNotContain("mirror_reference", JsonSerializer.Serialize(on with { MirrorReferenceMm = null }, ModelConfig.JsonOptions));
        Assert.Null(JsonSerializer.Deserialize<ScoreCalibration>("{\"nll_median\": -30}", ModelConfig.JsonOptions)!.MirrorReferenceMm);
    }
}
