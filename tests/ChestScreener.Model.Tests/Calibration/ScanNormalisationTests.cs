using System.Text.Json;
using ChestScreener.Model.Calibration;

namespace ChestScreener.Model.Tests.Calibration;

public sealed class ScanNormalisationTests
{
    private static readonly ScoreCalibration Reference = new()
    {
        NllMedian = -32, NllAtZero = -48, NllAtThreshold = -8, Scale = 6,
        Growth = new GrowthCalibration { SmoothingMm = 3, NllMedian = -33, NllAtThreshold = -7, Scale = 6, Percentile = 99 },
    };

    /// <summary>A "normal" scan drawn around the reference, then the same tissue on a scanner that shifts and widens it.</summary>
    private static float[] Map(double shift, double widen, int seed, int n = 1_000_000)
    {
        var rng = new Random(seed);
        var map = new float[n];
        for (int i = 0; i < n; i++)
        {
            if (i % 7 == 0) { map[i] = float.NaN; continue; } // unscored voxels
            double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            map[i] = (float)(shift - 32 + 5 * g * widen); // median -32 before the scanner's change
        }
        return map;
    }

    [Fact]
    public void A_shifted_and_widened_scan_is_brought_back_onto_the_calibration()
    {
        var reference = Map(0, 1, seed: 1);
        var refQ = ScanNormalisation.Quantiles(reference);
        var cal = Reference with { NllMedian = refQ.Median, NllAtZero = refQ.LowTail, ScanNormalisation = ScanNormalisationRule.MedianAndLowTail };

        var scan = Map(shift: 6, widen: 1.4, seed: 2);
        var growth = (float[])scan.Clone();
        ScanNormalisation.Apply(scan, growth, cal);
        var q = ScanNormalisation.Quantiles(scan);
        Assert.Equal(refQ.Median, q.Median, 0.01);
        Assert.Equal(refQ.LowTail, q.LowTail, 0.01);
        // The upper tail follows, since this scanner's change is affine: the share above the calibration threshold is the reference's.
        double Above(float[] m, double t) => m.Count(v => v > t) / (double)m.Count(v => !float.IsNaN(v));
        double t = -32 + 5 * 2.5;
        Assert.InRange(Above(scan, t), Above(reference, t) * 0.8, Above(reference, t) * 1.2);
        Assert.True(Above(Map(6, 1.4, 2), t) > 5 * Above(reference, t), "the unnormalised scan flags far more");
        // NaN stays NaN; the growth map's median lands on the growth calibration's median.
        Assert.True(float.IsNaN(scan[0]) && float.IsNaN(growth[7]));
        Assert.Equal(-33, ScanNormalisation.Quantiles(growth).Median, 0.01);
    }

    [Fact]
    public void Median_rule_only_shifts_and_none_leaves_the_map_alone()
    {
        var scan = Map(shift: 6, widen: 1.4, seed: 3);
        var (median, tail) = ScanNormalisation.Quantiles(scan);
        var shifted = (float[])scan.Clone();
        ScanNormalisation.Apply(shifted, null, Reference with { ScanNormalisation = ScanNormalisationRule.Median });
        var q = ScanNormalisation.Quantiles(shifted);
        Assert.Equal(-32, q.Median, 0.01);
        Assert.Equal(tail - median, q.LowTail - q.Median, 0.01); // width kept

        var untouched = (float[])scan.Clone();
        ScanNormalisation.Apply(untouched, null, Reference);
        Assert.Equal(scan, untouched);
    }

    [Fact]
    public void Model_json_spells_the_rule_in_snake_case_and_leaves_it_out_when_none()
    {
        var json = JsonSerializer.Serialize(Reference with { ScanNormalisation = ScanNormalisationRule.MedianAndLowTail }, ModelConfig.JsonOptions);
        Assert.Contains("\"scan_normalisation\": \"median_and_low_tail\"", json);
        Assert.Equal(ScanNormalisationRule.MedianAndLowTail, JsonSerializer.Deserialize<ScoreCalibration>(json, ModelConfig.JsonOptions)!.ScanNormalisation);
        Assert.DoesNotContain("scan_normalisation", JsonSerializer.Serialize(Reference, ModelConfig.JsonOptions));
        Assert.Equal(ScanNormalisationRule.None, JsonSerializer.Deserialize<ScoreCalibration>("{\"nll_median\": -30}", ModelConfig.JsonOptions)!.ScanNormalisation);
    }
}
