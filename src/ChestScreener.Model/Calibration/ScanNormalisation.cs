using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChestScreener.Model.Calibration;

/// <summary>
/// How a scan's own NLL distribution is brought onto the calibration's before scoring (model.json
/// <c>calibration.scan_normalisation</c>). A new patient, scanner or kernel moves the whole NLL distribution of normal
/// tissue; the threshold was read on the fitting patients' distribution, so on such a scan it flags normal tissue by
/// the millilitre (docs/EVALUATION.md, "Headline"). Both rules use only the scored region of the scan itself, and only
/// statistics a lesion barely moves: the median and the lower tail (lesions sit in the upper tail).
/// </summary>
[JsonConverter(typeof(ScanNormalisationRuleJson))]
public enum ScanNormalisationRule
{
    /// <summary>The map as computed (every package before this field).</summary>
    None,
    /// <summary>Shift: the scan's median NLL becomes the calibration median.</summary>
    Median,
    /// <summary>Shift and scale: the scan's median and 0.1th percentile become the calibration's median and <see cref="ScoreCalibration.NllAtZero"/>.</summary>
    MedianAndLowTail,
}

/// <summary>model.json spells the rules in snake case: "none", "median", "median_and_low_tail".</summary>
public sealed class ScanNormalisationRuleJson() : JsonStringEnumConverter<ScanNormalisationRule>(JsonNamingPolicy.SnakeCaseLower);

public static class ScanNormalisation
{
    /// <summary>The quantile of the lower tail; the calibration's NllAtZero is read at the same one.</summary>
    public const double LowTailQuantile = 0.001;

    /// <summary>
    /// Rewrites <paramref name="high"/> (the scored map) and <paramref name="low"/> (the growth map, if any) in place with
    /// one affine map per scan: NaN (unscored) voxels stay NaN. <see cref="ScanNormalisationRule.None"/> leaves both alone.
    /// </summary>
    public static void Apply(float[] high, float[]? low, ScoreCalibration cal)
    {
        var rule = cal.ScanNormalisation;
        if (rule == ScanNormalisationRule.None) return;
        var (median, tail) = Quantiles(high);
        if (double.IsNaN(median)) return;
        double scale = 1;
        if (rule == ScanNormalisationRule.MedianAndLowTail && cal.NllAtZero is { } zero && median - tail > 1e-6)
            scale = (cal.NllMedian - zero) / (median - tail);
        Affine(high, median, cal.NllMedian, scale);
        if (low != null && cal.Growth is { } g)
        {
            var (lowMedian, _) = Quantiles(low);
            if (!double.IsNaN(lowMedian)) Affine(low, lowMedian, g.NllMedian, scale);
        }
    }

    private static void Affine(float[] map, double from, double to, double scale)
    {
        for (int i = 0; i < map.Length; i++)
            if (!float.IsNaN(map[i])) map[i] = (float)(to + (map[i] - from) * scale);
    }

    /// <summary>Median and the <see cref="LowTailQuantile"/> of the non-NaN values (NaN, NaN when there are none).</summary>
    public static (double Median, double LowTail) Quantiles(float[] map)
    {
        int n = 0;
        foreach (var v in map) if (!float.IsNaN(v)) n++;
        if (n == 0) return (double.NaN, double.NaN);
        var values = new float[n];
        n = 0;
        foreach (var v in map) if (!float.IsNaN(v)) values[n++] = v;
        Array.Sort(values);
        return (values[n / 2], values[(int)(n * LowTailQuantile)]);
    }
}
