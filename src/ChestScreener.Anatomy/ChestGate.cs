using System.Globalization;
using ChestScreener.Results;

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
        double worst = Math.Max(f.RightMissingFraction, f.LeftMissingFraction);
        if (worst > o.MaxMissingFraction)
        {
            string which = f.RightMissingFraction >= f.LeftMissingFraction ? "right" : "left";
            string where = touchTop && touchBottom ? "at both ends" : touchTop ? "at the top" : "at the bottom";
            return Fail(RejectionCode.IncompleteSeries, S($"lungs are cut off {where} of the {scan:0} mm scan: about {worst * 100:0}% of the {which} lung lies outside it (more than {o.MaxMissingFraction * 100:0}% missing is rejected; lungs seen over {h:0} mm)"));
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
        var warnings = Warnings(f, o);
        foreach (var w in warnings) checks.Add("warning " + w);
        checks.Add("chest gate: passed");
        return new GateVerdict(true, RejectionCode.NotChest, "chest gate passed", checks) { Warnings = warnings };

        GateVerdict Fail(RejectionCode code, string message)
        {
            checks.Add("chest gate: rejected (" + code.ToWire() + "): " + message);
            return new GateVerdict(false, code, message, checks);
        }
    }

    /// <summary>What a passed study carries as a reservation: lung ends cut (graded), a body-part tag or a scan that is more than a chest.</summary>
    private static List<AnatomyWarning> Warnings(AnatomyFacts f, ChestGateOptions o)
    {
        var list = new List<AnatomyWarning>();
        Cut("lung_apex_cut", "apex", "first", f.RightTopCutFraction, f.LeftTopCutFraction);
        Cut("lung_base_cut", "base", "last", f.RightBottomCutFraction, f.LeftBottomCutFraction);
        string part = f.BodyPart.Trim().ToUpperInvariant();
        if (part.Length > 0 && !o.ChestBodyParts.Contains(part))
        {
            list.Add(new("body_part_mismatch", S($"the series is tagged BodyPartExamined {part}, yet it holds a complete chest (two lungs and a mediastinum): analysed as a chest CT")));
        }
        double extra = f.LungTopMarginMm + f.LungBottomMarginMm;
        if (extra > o.ExtraScanMm)
        {
            list.Add(new("chest_portion_analysed", S($"the {f.ScanLengthMm:0} mm scan reaches {f.LungTopMarginMm:0} mm above the lung apices and {f.LungBottomMarginMm:0} mm below the lung bases (a neck-to-pelvis or whole-body CT): the chest is screened, other body regions are not")));
        }
        return list;

        void Cut(string code, string end, string slice, double right, double left)
        {
            bool r = right > o.TouchFraction, l = left > o.TouchFraction;
            if (!r && !l) return;
            string which = r && l ? "both lungs" : r ? "the right lung" : "the left lung";
            double miss = Math.Max(r ? f.RightMissingFraction : 0, l ? f.LeftMissingFraction : 0);
            list.Add(new(code, S($"the {end} of {which} reaches the {slice} slice: about {miss * 100:0.#}% of the lung estimated outside the scan")));
        }
    }

    private static string S(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
