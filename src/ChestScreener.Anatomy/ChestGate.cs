using System.Globalization;

namespace ChestScreener.Anatomy;

/// <summary>Accepts only scans that show two plausible lungs with a mediastinum between them; throws not_chest / incomplete_series otherwise.</summary>
public static class ChestGate
{
    public static void Check(AnatomyResult anatomy) => Check(anatomy, ChestGateOptions.Default);

    public static void Check(AnatomyResult anatomy, ChestGateOptions options)
    {
        var v = Evaluate(anatomy.Facts, options);
        if (!v.Passed) throw new ScreenerException(v.Code, v.Message);
    }

    /// <summary>The gate's decision and the checks it did, without throwing.</summary>
    public static GateVerdict Evaluate(AnatomyFacts f, ChestGateOptions? options = null)
    {
        var o = options ?? ChestGateOptions.Default;
        var checks = new List<string>();
        double r = f.RightLungMl, l = f.LeftLungMl, scan = f.ScanLengthMm, h = f.LungHeightMm;
        checks.Add(S($"lungs: right {r / 1000:0.00} l, left {l / 1000:0.00} l ({f.Method})"));
        bool touchTop = f.TopCutFraction > o.TouchFraction, touchBottom = f.BottomCutFraction > o.TouchFraction;
        if (r + l > 0)
        {
            checks.Add(S($"lungs span {h:0} mm of the {scan:0} mm scan (apex {f.LungTopMarginMm:0} mm below the top, base {f.LungBottomMarginMm:0} mm above the bottom)"));
        }

        if (r < 0.2 * o.MinLungMl && l < 0.2 * o.MinLungMl)
        {
            return Fail(RejectionCode.NotChest, S($"no lungs: the air inside the body totals {f.InternalAirMl:0} ml (lungs hold litres) over a {scan:0} mm scan: this looks like a head, neck, limb or pelvis CT"));
        }
        double top = f.TopLungCoverMm, bottom = f.BottomLungCoverMm;
        if (touchTop && !touchBottom && top < o.PartialLungHeightMm && scan - top >= o.RestOfScanMm)
        {
            return Fail(RejectionCode.NotChest, S($"lungs cover only the top {top:0} mm of the {scan:0} mm scan (lung bases; the other {scan - top:0} mm lie below them): this looks like an abdominal CT"));
        }
        if (touchBottom && !touchTop && bottom < o.PartialLungHeightMm && scan - bottom >= o.RestOfScanMm)
        {
            return Fail(RejectionCode.NotChest, S($"lungs appear only in the bottom {bottom:0} mm of the {scan:0} mm scan (lung apices; the other {scan - bottom:0} mm lie above them): this looks like a neck or head CT"));
        }
        bool cutTop = f.TopCutFraction >= o.CutFraction, cutBottom = f.BottomCutFraction >= o.CutFraction;
        if (cutTop || cutBottom)
        {
            string where = cutTop && cutBottom ? "at both ends" : cutTop ? "at the top" : "at the bottom";
            double frac = Math.Max(cutTop ? f.TopCutFraction : 0, cutBottom ? f.BottomCutFraction : 0);
            return Fail(RejectionCode.IncompleteSeries, S($"lungs are cut off {where} of the {scan:0} mm scan: the end slice still shows {frac * 100:0}% of the widest lung section (lungs seen over {h:0} mm)"));
        }
        if (r < o.MinLungMl || l < o.MinLungMl)
        {
            return Fail(RejectionCode.NotChest, S($"no pair of lungs: right {r:0} ml, left {l:0} ml (each lung of a chest CT holds at least {o.MinLungMl:0} ml)"));
        }
        if (r > o.MaxLungMl || l > o.MaxLungMl)
        {
            return Fail(RejectionCode.NotChest, S($"implausible lung size: right {r:0} ml, left {l:0} ml (more than {o.MaxLungMl:0} ml)"));
        }
        if (f.LungSeparationMm < o.MinSeparationMm)
        {
            return Fail(RejectionCode.NotChest, S($"the two air bodies lie only {f.LungSeparationMm:0} mm apart left-right: not a pair of lungs"));
        }
        checks.Add(S($"lung centroids {f.LungSeparationMm:0} mm apart, left lung on the patient's left"));
        if (f.MediastinumHeightMm < o.MinMediastinumHeightMm)
        {
            return Fail(RejectionCode.NotChest, S($"no mediastinum between the lungs (seen over {f.MediastinumHeightMm:0} mm, at least {o.MinMediastinumHeightMm:0} mm expected)"));
        }
        checks.Add(S($"mediastinum between the lungs over {f.MediastinumHeightMm:0} mm; heart estimate {f.HeartMl:0} ml"));
        checks.Add(f.TracheaFound ? S($"trachea found; airways {f.AirwaysMl:0} ml") : "trachea not found");
        checks.Add("chest gate: passed");
        return new GateVerdict(true, RejectionCode.NotChest, "chest gate passed", checks);

        GateVerdict Fail(RejectionCode code, string message)
        {
            checks.Add("chest gate: rejected (" + code.ToWire() + "): " + message);
            return new GateVerdict(false, code, message, checks);
        }
    }

    private static string S(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
