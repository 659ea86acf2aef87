using ChestScreener.Imaging.Components;
using ChestScreener.Training.Evaluation;

namespace ChestScreener.Training.Tests.Evaluation;

/// <summary>The fitter's and evaluator's components: the findings stage's 26-connectivity, strict threshold, score-sum ranking.</summary>
public sealed class ComponentsTests
{
    private const int N = 6;
    private static int I(int x, int y, int z) => (z * N + y) * N + x;

    [Fact]
    public void Uses_the_findings_stage_connectivity()
    {
        Assert.Equal(Connectivity.Full26, Components.FindingsConnectivity);
        // Pipeline's FindingOptions defaults to the same value; both read it from Imaging's enum.
    }

    [Fact]
    public void Voxels_touching_at_a_corner_are_one_component()
    {
        var s = new float[N * N * N];
        s[I(1, 1, 1)] = 0.9f;
        s[I(2, 2, 2)] = 0.8f;   // corner neighbour: separate under 6-connectivity, joined under 26
        s[I(2, 3, 3)] = 0.75f;  // edge neighbour of (2,2,2)
        var comps = Components.Find(s, N, N, N, 0.5f);
        var c = Assert.Single(comps);
        Assert.Equal(3, c.Voxels);
        Assert.Equal(0.9 + 0.8 + 0.75, c.ScoreSum, 5);
        Assert.Equal(0.9f, c.MaxScore);
        Assert.Equal(new[] { 1, 1, 1 }, c.Min);
        Assert.Equal(new[] { 2, 3, 3 }, c.Max);
        Assert.Equal(new[] { I(1, 1, 1), I(2, 2, 2), I(2, 3, 3) }, c.Indices);
    }

    [Fact]
    public void Threshold_is_strict_and_components_rank_by_score_sum()
    {
        var s = new float[N * N * N];
        s[I(0, 0, 0)] = 0.6f;                        // small sum, first in raster order
        s[I(4, 4, 4)] = 0.7f; s[I(5, 4, 4)] = 0.7f;  // larger sum, later in raster order
        s[I(0, 5, 0)] = 0.5f;                        // equal to the threshold: not above it
        var comps = Components.Find(s, N, N, N, 0.5f);
        Assert.Equal(2, comps.Count);
        Assert.Equal(new[] { I(4, 4, 4), I(5, 4, 4) }, comps[0].Indices);
        Assert.Equal(new[] { I(0, 0, 0) }, comps[1].Indices);
    }

    [Fact]
    public void Equal_sums_keep_raster_order_and_an_empty_map_has_none()
    {
        var s = new float[N * N * N];
        s[I(5, 5, 5)] = 0.8f;
        s[I(0, 0, 1)] = 0.8f;
        var comps = Components.Find(s, N, N, N, 0.5f);
        Assert.Equal(new[] { I(0, 0, 1) }, comps[0].Indices);
        Assert.Equal(new[] { I(5, 5, 5) }, comps[1].Indices);
        Assert.Empty(Components.Find(new float[N * N * N], N, N, N, 0.5f));
    }
}
