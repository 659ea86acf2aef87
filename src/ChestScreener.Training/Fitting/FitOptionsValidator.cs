namespace ChestScreener.Training.Fitting;

/// <summary>The settings a fit cannot run with, checked once before any heavy work, whether they came from a file or options.</summary>
public static class FitOptionsValidator
{
    /// <summary>Throws a <see cref="FitConfigException"/> listing every problem of <paramref name="o"/>.</summary>
    public static void Check(FitOptions o)
    {
        var errors = Errors(o);
        if (errors.Count > 0) throw new FitConfigException(string.Join("; ", errors));
    }

    public static List<string> Errors(FitOptions o)
    {
        var e = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Name)) e.Add("name is empty");
        if (o.Threads < 1) e.Add($"threads must be at least 1 (got {o.Threads})");
        if (o.Window < 8) e.Add($"window must be at least 8 voxels (got {o.Window})");
        if (o.Overlap is < 0 or >= 1) e.Add($"overlap must be in [0, 1) (got {o.Overlap})");
        if (o.SamplesPerStudy < 1) e.Add($"samples_per_study must be at least 1 (got {o.SamplesPerStudy})");
        if (o.KCandidates.Length == 0 || o.KCandidates.Any(k => k < 1)) e.Add("k_candidates needs one or more mixture sizes of at least 1");
        if (o.IntensityKCandidates.Length == 0 || o.IntensityKCandidates.Any(k => k < 1)) e.Add("intensity_k_candidates needs one or more mixture sizes of at least 1");
        if (o.Iterations < 1) e.Add($"iterations must be at least 1 (got {o.Iterations})");
        if (o.Restarts < 1) e.Add($"restarts must be at least 1 (got {o.Restarts})");
        if (o.Members < 1) e.Add($"members must be at least 1 (got {o.Members})");
        if (o.CalibrationFolds is 1 or < 0) e.Add($"calibration_folds is 0 (in-sample) or at least 2 (got {o.CalibrationFolds})");
        if (o.NormalVolumeFraction <= 0) e.Add($"normal_volume_fraction must be positive (got {o.NormalVolumeFraction})");
        if (o.Regularisation < 0) e.Add($"regularisation must not be negative (got {o.Regularisation})");
        if (o.GrowthPercentile is <= 0 or >= 100) e.Add($"growth_percentile must be in (0, 100) (got {o.GrowthPercentile})");
        if (o.MirrorReferenceMm < 0) e.Add($"mirror_reference_mm must not be negative (got {o.MirrorReferenceMm})");
        if (o.MirrorReferenceMm > 0 && o.GrowthSmoothingMm >= 0) e.Add("mirror_reference_mm is calibrated without growth: set growth_smoothing_mm to -1");
        if (o.RingsMm.Zip(o.RingsMm.Skip(1)).Any(p => p.Second <= p.First)) e.Add("rings_mm must be ascending");
        VariantErrors(o, e);
        return e;
    }

    private static void VariantErrors(FitOptions o, List<string> e)
    {
        if (o.Variants.Length == 0) { e.Add("variants is empty"); return; }
        foreach (var v in o.Variants)
        {
            if (string.IsNullOrWhiteSpace(v.Name)) e.Add("a variant has no name");
            var parts = v.Context ?? [];
            if (v.Conditional && parts.Length == 0) e.Add($"variant {v.Name} is conditional but has no context");
            if (parts.Distinct().Count() != parts.Length) e.Add($"variant {v.Name} names a context group twice");
            if (parts.Contains(ContextPart.Rings) && o.RingsMm.Length < 2) e.Add($"variant {v.Name} uses rings but rings_mm has fewer than two edges");
            if (parts.Contains(ContextPart.Probes) && o.ProbesMm.Length == 0) e.Add($"variant {v.Name} uses probes but probes_mm is empty");
        }
        var names = o.Variants.Select(v => v.Name).ToList();
        foreach (var dup in names.GroupBy(n => n).Where(g => g.Count() > 1)) e.Add($"variant name {dup.Key} is used {dup.Count()} times");
        if (o.Variant != "auto" && !names.Contains(o.Variant)) e.Add($"unknown density variant {o.Variant} (variants: {string.Join(", ", names)})");
        foreach (var only in o.OnlyVariants.Where(n => !names.Contains(n))) e.Add($"only_variants names unknown variant {only}");
        if (o.Variant == "auto" && !o.SelectedVariants().Any(v => v.UsesDescriptor)) e.Add("variant auto chooses among descriptor variants, but none is selected");
    }
}
