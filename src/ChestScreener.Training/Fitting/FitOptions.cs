using ChestScreener.Model;
using ChestScreener.Model.Density;

namespace ChestScreener.Training.Fitting;

/// <summary>
/// Every setting of a density fit and the one home of their defaults: the fit configuration file (<see cref="FitConfigFile"/>)
/// is this record in JSON (snake_case; a property left out keeps the value below), and `fit`/`cv` options override it.
/// </summary>
public sealed record FitOptions
{
    public string Name { get; init; } = ModelPackage.DefaultName;
    public string Version { get; init; } = "1.0.0";
    /// <summary>Threads of TorchSharp, ONNX Runtime and the voxel loops; not part of what is fitted.</summary>
    public int Threads { get; init; } = 2;
    public int Window { get; init; } = 64;
    public double Overlap { get; init; } = 0.25;
    public int SamplesPerStudy { get; init; } = 60000;
    /// <summary>Mixture sizes tried for the descriptor variants (intensity variants try <see cref="IntensityKCandidates"/>).</summary>
    public int[] KCandidates { get; init; } = [16, 32];
    /// <summary>Mixture sizes tried for the intensity variants (one or a few channels need few components).</summary>
    public int[] IntensityKCandidates { get; init; } = [2, 4, 8];
    public int Iterations { get; init; } = 40;
    /// <summary>"auto" ships the descriptor variant with the best mean AUROC; a variant name forces it.</summary>
    public string Variant { get; init; } = "auto";
    /// <summary>
    /// The density variants of the sweep, in the order they are fitted (with several ensemble members the order decides
    /// which normal-voxel samples each gets). Ties of mean AUROC go to the earlier one.
    /// </summary>
    public VariantSpec[] Variants { get; init; } =
    [
        new("Intensity", VariantSource.Intensity),
        new("IntensityContext", VariantSource.Intensity, [ContextPart.LungPosition, ContextPart.Rings], Conditional: true),
        new("Descriptor", VariantSource.Descriptor),
        new("DescriptorLungPosition", VariantSource.Descriptor, [ContextPart.LungPosition], Conditional: true),
        new("DescriptorRings", VariantSource.Descriptor, [ContextPart.Rings], Conditional: true),
        new("DescriptorContext", VariantSource.Descriptor, [ContextPart.LungPosition, ContextPart.Rings], Conditional: true),
        new("DescriptorRingsProbes", VariantSource.Descriptor, [ContextPart.Rings, ContextPart.Probes], Conditional: true),
    ];
    /// <summary>Ring edges (mm) of the context features.</summary>
    public double[] RingsMm { get; init; } = [9, 24, 48];
    /// <summary>Probe distances (mm) of the enclosure context features (ContextSpec.ProbesMm).</summary>
    public double[] ProbesMm { get; init; } = [18, 30];
    public double[] SmoothingCandidatesMm { get; init; } = [6, 9];
    /// <summary>A smoothing is kept only when it raises the mean AUROC by more than this (ties go to less smoothing).</summary>
    public double SmoothingMinGain { get; init; } = 0.005;
    /// <summary>Central airways widened by this (mm) are not scored (model.json decision.airway_margin_mm); negative = scored.</summary>
    public double AirwayMarginMm { get; init; } = 6;
    /// <summary>Only lungs widened by this (mm) are scored (model.json decision.lung_margin_mm); negative = the whole body.</summary>
    public double LungMarginMm { get; init; } = 10;
    /// <summary>Mediastinum and heart widened by this (mm) are not scored (model.json decision.mediastinum_margin_mm); negative = off.</summary>
    public double MediastinumMarginMm { get; init; } = -1;
    /// <summary>Unscored margin at the first and last slices (mm), see <see cref="DensityModel.EdgeMarginMm"/>.</summary>
    public double EdgeMarginMm { get; init; } = 12;
    /// <summary>Evaluate only these variants (empty = all; intensity variants only when named); for quick refits during development.</summary>
    public string[] OnlyVariants { get; init; } = [];
    /// <summary>Normal studies' mean anomalous volume is calibrated to at most this fraction of the volume limit.</summary>
    public double NormalVolumeFraction { get; init; } = 1.0 / 3;
    /// <summary>Added to each component covariance's diagonal in EM (standardised feature units): larger = smoother density, steadier tail.</summary>
    public double Regularisation { get; init; } = 1e-3;
    /// <summary>EM starts per K for the descriptor densities; the best held-out likelihood wins (GmmFitter.SelectAndFit).</summary>
    public int Restarts { get; init; } = 1;
    /// <summary>Mixtures in the shipped density's ensemble, each on its own normal-voxel sample (DensityModel.Ensemble).</summary>
    public int Members { get; init; } = 1;
    /// <summary>Seed of the normal-voxel sampling.</summary>
    public int SampleSeed { get; init; } = 17;
    /// <summary>Seed of EM's k-means++ start (ensemble member m uses EmSeed + 1000 m).</summary>
    public int EmSeed { get; init; } = 5;
    /// <summary>Smoothing (mm) of the map that flagged regions grow in (GrowthCalibration); negative = no growth.</summary>
    public double GrowthSmoothingMm { get; init; } = 3;
    /// <summary>Percentile of normal voxels of that map where growth stops.</summary>
    public double GrowthPercentile { get; init; } = 99;
    /// <summary>GrowthCalibrator: whether regions peaking within a widened lesion box count as normal volume.</summary>
    public bool LesionRegionsCount { get; init; }
    /// <summary>
    /// 0: the threshold is calibrated on the fitted studies' own normal tissue (in-sample). k ≥ 2: the studies are split
    /// by patient into k groups and each group's normal tissue is scored by a mixture fitted without it; the threshold
    /// comes from those held-out maps (cross-fitted), as new patients will look.
    /// </summary>
    public int CalibrationFolds { get; init; }
    /// <summary>
    /// Half-width (mm) of the mirrored-lung reference box (model.json calibration.mirror_reference_mm, MirrorReference);
    /// 0 = off. The threshold is then read on the referenced maps. Measured without growth only.
    /// </summary>
    public double MirrorReferenceMm { get; init; }

    /// <summary>The variants this fit evaluates: all, or those named by <see cref="OnlyVariants"/> (a forced descriptor variant always).</summary>
    public IReadOnlyList<DensityVariant> SelectedVariants()
    {
        var all = Variants.Select(v => v.ToVariant(RingsMm, ProbesMm)).ToList();
        if (OnlyVariants.Length == 0) return all;
        return all.Where(v => OnlyVariants.Contains(v.Name) || (v.UsesDescriptor && v.Name == Variant)).ToList();
    }
}

/// <summary>What a density variant reads per voxel: the learned descriptor, or intensity alone (the baseline).</summary>
public enum VariantSource
{
    Intensity,
    Descriptor,
}

/// <summary>Context feature groups a variant may add (ContextSpec): lung position, ring means (RingsMm), probe maxima (ProbesMm).</summary>
public enum ContextPart
{
    LungPosition,
    Rings,
    Probes,
}

/// <summary>One density variant of the fit configuration: its name, source, context groups and whether the score is conditional on them.</summary>
public sealed record VariantSpec(string Name, VariantSource Source, ContextPart[]? Context = null, bool Conditional = false)
{
    /// <summary>The variant the fitter runs, with the ring and probe distances of this fit.</summary>
    public DensityVariant ToVariant(double[] ringsMm, double[] probesMm)
    {
        var parts = Context ?? [];
        ContextSpec? spec = parts.Length == 0 ? null : new ContextSpec
        {
            LungPosition = parts.Contains(ContextPart.LungPosition),
            RingsMm = parts.Contains(ContextPart.Rings) ? ringsMm : [],
            ProbesMm = parts.Contains(ContextPart.Probes) ? probesMm : [],
        };
        return new DensityVariant(Name, Source == VariantSource.Descriptor, spec, Conditional);
    }
}
