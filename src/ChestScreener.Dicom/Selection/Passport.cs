using System.Globalization;

namespace ChestScreener.Dicom.Selection;

/// <summary>
/// The checks that need only tags: is it CT, is the body part (when stated) the chest, does the series cover enough of
/// the body. Runs before any pixel is decoded, so a wrong study is turned away cheaply.
/// </summary>
internal static class Passport
{
    /// <summary>Words in BodyPartExamined that include the chest: such a value always passes.</summary>
    private static readonly string[] ChestWords = ["CHEST", "THORA", "LUNG", "TORSO", "TRUNK", "BODY", "HEART", "CARD", "BREAST", "RIB", "STERN", "MEDIAST", "CAP", "TAP"];

    /// <summary>Values that clearly name another region (whole token match); anything unknown or vague passes.</summary>
    private static readonly HashSet<string> NotChest = new(StringComparer.Ordinal)
    {
        "HEAD", "BRAIN", "SKULL", "HEADNECK", "NECK", "CSPINE", "LSPINE", "SSPINE", "SACRUM", "COCCYX", "ABDOMEN", "ABD",
        "ABDOMENPELVIS", "PELVIS", "HIP", "KNEE", "LEG", "LOWERLEG", "UPPERLEG", "THIGH", "FOOT", "ANKLE", "HEEL", "TOE",
        "ARM", "UPPERARM", "FOREARM", "ELBOW", "WRIST", "HAND", "FINGER", "SHOULDER", "CLAVICLE", "EXTREMITY", "LOWEREXTREMITY",
        "UPPEREXTREMITY", "SINUS", "FACE", "JAW", "TMJ", "ORBIT", "EAR", "IAC", "NOSE", "MANDIBLE", "MAXILLA", "PITUITARY",
        "KIDNEY", "LIVER", "PANCREAS", "PROSTATE", "BLADDER", "UTERUS", "TESTIS", "COLON", "RECTUM", "FEMUR", "TIBIA", "HUMERUS",
    };

    /// <summary>Throws the rejection the tags call for; returns quietly when the series may be read.</summary>
    public static void Check(SeriesCandidate series, ReadOptions options)
    {
        var h = series.Representative;
        if (options.CheckModality && h.Modality != "CT")
            throw new ScreenerException(RejectionCode.NotCt, $"the series is {DescribeModality(h.Modality)}, not CT: ChestScreener reads chest CT only");
        if (options.CheckBodyPart && IsClearlyNotChest(h.BodyPartExamined))
            throw new ScreenerException(RejectionCode.NotChest, $"BodyPartExamined is {h.BodyPartExamined}: this is not a chest CT");
        if (options.CheckCoverage && series.Plan is { } plan)
        {
            if (plan.Slices.Count < options.MinSlices)
                throw new ScreenerException(RejectionCode.IncompleteSeries, $"the series has {plan.Slices.Count} slices; at least {options.MinSlices} are needed for a chest volume");
            if (plan.CoverageMm < options.MinCoverageMm)
                throw new ScreenerException(RejectionCode.IncompleteSeries, string.Create(CultureInfo.InvariantCulture,
                    $"the series covers {plan.CoverageMm:0} mm along the body; a chest needs at least {options.MinCoverageMm:0} mm (send the complete series)"));
            if (plan.LargestGapMm > options.MaxSliceGapMm && plan.LargestGapMm > SlicePlannerGapFactor * plan.MedianStepMm)
                throw new ScreenerException(RejectionCode.IncompleteSeries, string.Create(CultureInfo.InvariantCulture,
                    $"slices are missing: a gap of {plan.LargestGapMm:0.#} mm (more than {options.MaxSliceGapMm:0.#} mm) in a series with {plan.MedianStepMm:0.###} mm steps"));
        }
    }

    private const double SlicePlannerGapFactor = Building.SlicePlanner.MissingStepFactor;

    /// <summary>The rejection for an input with no eligible series: not CT at all, or CT without a usable axial volume.</summary>
    public static ScreenerException NothingEligible(IReadOnlyList<SeriesCandidate> candidates, ReadOptions options)
    {
        if (candidates.All(c => c.Plan is null))
            return new ScreenerException(RejectionCode.IncompleteSeries, "the DICOM files hold no readable images (only reports, DICOMDIR, other non-image objects, or image tags that cannot be read); send the image series");
        bool anyCt = candidates.Any(c => c.Representative.Modality == "CT" && !c.Representative.SopClassUid.StartsWith("1.2.840.10008.5.1.4.1.1.7", StringComparison.Ordinal));
        var summary = string.Join("; ", candidates.Take(5).Select(c => $"{DescribeModality(c.Representative.Modality)}: {c.ExcludedBecause}"));
        if (!anyCt && options.CheckModality)
        {
            var modalities = string.Join(", ", candidates.Select(c => c.Representative.Modality.Length == 0 ? "unknown"
                : c.Representative.SopClassUid.StartsWith("1.2.840.10008.5.1.4.1.1.7", StringComparison.Ordinal) ? c.Representative.Modality + " secondary capture"
                : c.Representative.Modality).Distinct().Order(StringComparer.Ordinal));
            return new ScreenerException(RejectionCode.NotCt, $"no CT series in the input (found {modalities}); ChestScreener reads chest CT only");
        }
        return new ScreenerException(RejectionCode.IncompleteSeries, $"no primary axial CT series to analyse ({summary})");
    }

    internal static bool IsClearlyNotChest(string bodyPart)
    {
        if (string.IsNullOrWhiteSpace(bodyPart)) return false;
        var value = bodyPart.ToUpperInvariant();
        foreach (var w in ChestWords)
        {
            if (value.Contains(w, StringComparison.Ordinal)) return false;
        }
        var compact = new string(value.Where(char.IsAsciiLetter).ToArray());
        if (NotChest.Contains(compact)) return true;
        var tokens = value.Split([' ', '_', '-', '/', '\\', ',', '&', '+'], StringSplitOptions.RemoveEmptyEntries);
        return tokens.Length > 0 && tokens.All(NotChest.Contains);
    }

    private static string DescribeModality(string modality) => modality switch
    {
        "" => "of unknown modality",
        "MR" => "MR (magnetic resonance)",
        "CR" or "DX" => $"{modality} (a radiograph)",
        "US" => "US (ultrasound)",
        "PT" => "PT (PET)",
        "NM" => "NM (nuclear medicine)",
        "OT" or "SC" => $"{modality} (a secondary capture / other image)",
        _ => modality,
    };
}
