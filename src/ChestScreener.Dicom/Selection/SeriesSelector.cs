using System.Globalization;
using ChestScreener.Dicom.Building;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Dicom.Selection;

/// <summary>
/// Groups headers by SeriesInstanceUID, sets aside what is not a primary axial CT acquisition (localizers, secondary
/// captures, dose reports, derived/reformatted series, non-axial or single images) and ranks the rest:
/// most slices, then thinner steps, then a soft-tissue/lung kernel, then the UID (so the choice never depends on file order).
/// </summary>
internal static class SeriesSelector
{
    private const string SecondaryCapturePrefix = "1.2.840.10008.5.1.4.1.1.7";
    private const string StructuredReportPrefix = "1.2.840.10008.5.1.4.1.1.88.";
    /// <summary>A slice normal within this many degrees of the patient's head-foot axis counts as axial.</summary>
    private const double AxialMaxDegrees = 45;

    public static List<SeriesCandidate> Catalog(IReadOnlyList<DicomHeader> headers, ReadOptions options)
    {
        var result = new List<SeriesCandidate>();
        foreach (var group in headers.GroupBy(h => h.SeriesUid, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var files = group.OrderBy(h => h.InstanceNumber).ThenBy(h => h.SopInstanceUid, StringComparer.Ordinal).ThenBy(h => h.Path, StringComparer.Ordinal).ToList();
            // A localizer often shares the series UID and comes first: let an image file speak for the series.
            var rep = files.FirstOrDefault(h => h.HasPixelData && h.FrameGeometries.Any(g => !g.IsLocalizer)) ?? files[0];
            var frames = new List<SliceRef>();
            foreach (var h in files)
            {
                if (!h.HasPixelData || h.Rows <= 0) continue;
                for (int f = 0; f < h.FrameGeometries.Count; f++) frames.Add(new SliceRef(h, f, h.FrameGeometries[f]));
            }
            var imageFrames = frames.Where(f => !f.Geometry.IsLocalizer).ToList();
            var plan = imageFrames.Count > 0 ? SlicePlanner.Plan(imageFrames) : frames.Count > 0 ? SlicePlanner.Plan(frames) : null;
            var candidate = new SeriesCandidate
            {
                SeriesUid = group.Key,
                Files = files,
                Representative = rep,
                Plan = plan,
                Orientation = plan is null ? "" : OrientationName(plan.Normal),
                KernelRank = KernelRank(rep.ConvolutionKernel),
            };
            candidate.ExcludedBecause = Exclusion(candidate, imageFrames.Count, options);
            result.Add(candidate);
        }
        return result;
    }

    /// <summary>The best eligible candidate, or null when there is none.</summary>
    public static SeriesCandidate? Best(IReadOnlyList<SeriesCandidate> candidates) =>
        candidates.Where(c => c.Eligible)
            .OrderByDescending(c => c.SliceCount)
            .ThenBy(c => c.Plan!.MedianStepMm)
            .ThenBy(c => c.KernelRank)
            .ThenBy(c => c.SeriesUid, StringComparer.Ordinal)
            .FirstOrDefault();

    public static string Reason(SeriesCandidate winner, IReadOnlyList<SeriesCandidate> all)
    {
        var plan = winner.Plan!;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{winner.Representative.Modality} {winner.Orientation} series with {plan.Slices.Count} slices at {plan.MedianStepMm:0.###} mm steps");
        var others = all.Where(c => !ReferenceEquals(c, winner)).ToList();
        if (others.Count == 0) return text + "; the only series in the input";
        int eligible = others.Count(c => c.Eligible);
        int excluded = others.Count - eligible;
        var parts = new List<string>();
        if (eligible > 0)
        {
            var runnerUp = Best(others)!;
            string why = runnerUp.SliceCount < winner.SliceCount ? "more slices"
                : runnerUp.Plan!.MedianStepMm > plan.MedianStepMm ? "thinner slices"
                : runnerUp.KernelRank > winner.KernelRank ? "a softer kernel"
                : "the UID order (otherwise equal)";
            parts.Add($"won over {eligible} other eligible series by {why}");
        }
        if (excluded > 0) parts.Add($"{excluded} series set aside (localizer, derived, non-axial, not CT, ...)");
        return text + "; " + string.Join("; ", parts);
    }

    private static string? Exclusion(SeriesCandidate c, int imageFrames, ReadOptions options)
    {
        var h = c.Representative;
        if (c.Plan is null || !c.Files.Any(f => f.HasPixelData))
            return h.SopClassUid.StartsWith(StructuredReportPrefix, StringComparison.Ordinal) ? "structured report (e.g. dose report), no image" : "no image data";
        if (h.SopClassUid.StartsWith(SecondaryCapturePrefix, StringComparison.Ordinal)) return "secondary capture";
        if (HasAny(h.ImageType, "LOCALIZER", "SCOUT") || imageFrames == 0) return "localizer/scout";
        if (HasAny(h.ImageType, "SCREEN SAVE", "DOSE_INFO", "DOSE INFO") || h.SeriesDescription.Contains("DOSE", StringComparison.OrdinalIgnoreCase)) return "dose report";
        if (HasAny(h.ImageType, "REFORMATTED", "MPR", "MIP", "MINIP", "PROJECTION IMAGE", "VOLUME RENDER", "CURVED")) return "reformatted/projection";
        if (h.ImageType.Count > 0 && h.ImageType[0] == "DERIVED") return "derived image (not ORIGINAL)";
        if (options.CheckModality && h.Modality != "CT") return $"modality {(h.Modality.Length == 0 ? "missing" : h.Modality)}, not CT";
        if (c.Orientation != "axial") return $"{c.Orientation} orientation, not axial";
        if (c.SliceCount < 2 && options.CheckCoverage) return "a single image, not a volume";
        return null;
    }

    private static bool HasAny(IReadOnlyList<string> values, params string[] wanted)
    {
        foreach (var v in values)
        {
            foreach (var w in wanted)
            {
                if (v.Contains(w, StringComparison.Ordinal)) return true;
            }
        }
        return false;
    }

    internal static string OrientationName(Vec3 normal)
    {
        double ax = Math.Abs(normal.X), ay = Math.Abs(normal.Y), az = Math.Abs(normal.Z);
        double limit = Math.Cos(AxialMaxDegrees * Math.PI / 180);
        if (az >= limit) return "axial";
        if (ay >= limit) return "coronal";
        if (ax >= limit) return "sagittal";
        return "oblique";
    }

    /// <summary>0 soft tissue/standard, 1 lung/sharp, 2 unknown, 3 bone/edge: only a tie-break between equal series.</summary>
    internal static int KernelRank(string kernel)
    {
        var k = kernel.ToUpperInvariant();
        if (k.Length == 0) return 2;
        if (k.Contains("BONE") || k.Contains("EDGE") || k.Contains("DETAIL")) return 3;
        if (k.Contains("LUNG") || k.Contains("SHARP")) return 1;
        if (k.Contains("SOFT") || k.Contains("STANDARD") || k.Contains("STND") || k.Contains("BODY") || k.Contains("SMOOTH")) return 0;
        // Siemens-style letter + number (B30f, Br40, I41f, Qr40): below 50 soft, above lung/sharp.
        var digits = new string(k.SkipWhile(ch => !char.IsAsciiDigit(ch)).TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length > 0 && int.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && k[0] is 'B' or 'I' or 'Q' or 'H' or 'D')
            return number < 50 ? 0 : number < 70 ? 1 : 3;
        // Philips single letters: A/B/C soft to standard, D/L/YA.. lung.
        return k switch { "A" or "B" or "C" or "UB" or "CB" => 0, "D" or "L" or "E" or "YA" or "YB" or "YC" => 1, _ => 2 };
    }
}
