using ChestScreener.Imaging.Geometry;
using ChestScreener.Model.Density;
using ChestScreener.Model.Preprocessing;

namespace ChestScreener.Model.Tests.Density;

/// <summary>AnomalyScorer.DensityNll computes and smooths the NLL map over the body and scores inside the region only.</summary>
public class RegionScoringTests
{
    private const int S = 24;

    private static (PreprocessedVolume Pv, float[] Descriptors, byte[] Region) Setup()
    {
        int n = S * S * S;
        var body = new byte[n];
        Array.Fill(body, (byte)1);
        var pv = new PreprocessedVolume
        {
            Geometry = VolumeGeometry.Axial(S, S, S, new Vec3(3, 3, 3)),
            Intensity = new float[n], Contrast = new float[n], Body = body,
            Map = new ModelGridMap { CtAxis = [0, 1, 2], CtStep = [1, 1, 1], Offset = new Vec3(0, 0, 0) }, BodyBox = [0, 0, 0, S - 1, S - 1, S - 1],
        };
        // Descriptor 0 (typical under N(0,1)) in the region x < 12; 8 (far in the tail) outside it.
        var desc = new float[n];
        var region = new byte[n];
        for (int i = 0; i < n; i++)
        {
            bool inside = i % S < 12;
            region[i] = inside ? (byte)1 : (byte)0;
            desc[i] = inside ? 0f : 8f;
        }
        return (pv, desc, region);
    }

    private static DensityModel Model(double smoothingMm) => new()
    {
        FeatureMean = [0], FeatureStd = [1], SmoothingMm = smoothingMm,
        Mixture = new GaussianMixture { Dim = 1, Weights = [1], Means = [[0]], InverseCholesky = [[1]] },
    };

    [Fact]
    public void Region_limits_what_is_scored_not_what_the_smoothing_sees()
    {
        var (pv, desc, region) = Setup();
        var model = Model(smoothingMm: 9);
        var limited = AnomalyScorer.DensityNll(model, model.CreateEvaluator(), pv, region, desc, new PreprocessingConfig(), 2);
        var bodyWide = AnomalyScorer.DensityNll(model, model.CreateEvaluator(), pv, pv.Body, desc, new PreprocessingConfig(), 2);
        double typical = 0.5 * Math.Log(2 * Math.PI), tail = typical + 32;
        for (int i = 0; i < limited.Length; i++)
        {
            if (region[i] == 0) { Assert.True(float.IsNaN(limited[i])); Assert.False(float.IsNaN(bodyWide[i])); }
            else Assert.Equal(bodyWide[i], limited[i]);
        }
        // Inside the region, far from its border, the typical NLL; at the border, the tail next door is smoothed in.
        int row = (S / 2 * S + S / 2) * S;
        Assert.Equal(typical, limited[row + 0], 3);
        Assert.InRange(limited[row + 11], typical + 1, tail);
        Assert.InRange(bodyWide[row + 23], typical + 1, tail + 1e-3);
    }
}
