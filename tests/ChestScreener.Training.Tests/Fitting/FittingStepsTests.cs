using ChestScreener.Model;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Fitting;

namespace ChestScreener.Training.Tests.Fitting;

/// <summary>The steps of ModelFitter on synthetic studies (no network, no files): sampling, the variant sweep, the choice of variant and smoothing, the threshold calibration.</summary>
public sealed class FittingStepsTests
{
    private static readonly PreprocessingConfig Prep = new() { SpacingMm = 3 };

    [Fact]
    public void Normal_samples_come_only_from_normal_tissue_and_repeat_with_the_seed()
    {
        var s = SyntheticStudies.Study("a", 1, "p1");
        var first = NormalVoxels.Sample(s, 500, new Random(17));
        Assert.Equal(500, first.Count);
        Assert.All(first, i => Assert.Equal(1, s.Masks.NormalBody[i]));
        Assert.Equal(first, NormalVoxels.Sample(s, 500, new Random(17)));
        Assert.NotEqual(first, NormalVoxels.Sample(s, 500, new Random(18)));
        // More asked than there are normal voxels: one draw per normal voxel.
        int normal = s.Masks.NormalBody.Count(b => b != 0);
        Assert.Equal(normal, NormalVoxels.Sample(s, int.MaxValue, new Random(1)).Count);
    }

    [Fact]
    public void Standardisation_is_the_mean_and_std_of_the_sampled_voxels_per_channel()
    {
        var s = SyntheticStudies.Study("a", 1, "p1");
        int n = s.Volume.Count;
        var samples = new List<int> { 0, 1, 2, 3 };
        var arr = new float[2 * n];
        (arr[0], arr[1], arr[2], arr[3]) = (1, 2, 3, 4);                 // channel 0: mean 2.5, std sqrt(1.25)
        (arr[n], arr[n + 1], arr[n + 2], arr[n + 3]) = (5, 5, 5, 5);     // channel 1: constant, std floored at 1e-4
        var (mean, std) = NormalVoxels.Standardisation([arr], [s], [samples], 2);
        Assert.Equal(2.5, mean[0], 6);
        Assert.Equal(Math.Sqrt(1.25), std[0], 6);
        Assert.Equal(5, mean[1], 6);
        Assert.Equal(1e-4, std[1], 6);
    }

    [Fact]
    public void The_sweep_fits_every_variant_and_auto_ships_the_best_descriptor_variant()
    {
        var studies = SyntheticStudies.Three();
        var o = SyntheticStudies.Options();
        var report = new Dictionary<string, object>();
        var sweep = new VariantSweep(studies, Prep, o, SyntheticStudies.Dim, TextWriter.Null);
        var fits = sweep.FitAll(o.SelectedVariants(), report);
        Assert.Equal(new[] { "Intensity", "Descriptor" }, fits.Select(f => f.Variant.Name));
        Assert.Equal(new[] { "Intensity", "Descriptor" }, report.Keys);
        foreach (var f in fits)
        {
            // The soft-tissue cube is far in the tail of aerated lung: every lesion voxel outranks the lung.
            Assert.All(f.Auroc, a => Assert.True(a > 0.99, $"{f.Variant.Name} AUROC {a}"));
            Assert.Equal(studies.Count, f.Nll.Count);
            Assert.Equal(o.EdgeMarginMm, f.Model.EdgeMarginMm);
            Assert.Equal(0, f.Model.SmoothingMm);
        }
        Assert.Equal(1, fits[0].Model.FeatureDim);
        Assert.Equal(SyntheticStudies.Dim, fits[1].Model.FeatureDim);
        Assert.Equal("Descriptor", ModelFitter.ChooseVariant(fits, "auto").Variant.Name);
        Assert.Equal("Intensity", ModelFitter.ChooseVariant(fits, "Intensity").Variant.Name);
        Assert.Throws<FitConfigException>(() => ModelFitter.ChooseVariant(fits, "DescriptorRings"));
    }

    [Fact]
    public void Auto_takes_the_earlier_variant_on_a_tie_and_ignores_intensity_variants()
    {
        var studies = SyntheticStudies.Three();
        var o = SyntheticStudies.Options(new VariantSpec("I", VariantSource.Intensity), new VariantSpec("D1", VariantSource.Descriptor), new VariantSpec("D2", VariantSource.Descriptor));
        var fits = new VariantSweep(studies, Prep, o, SyntheticStudies.Dim, TextWriter.Null).FitAll(o.SelectedVariants(), new Dictionary<string, object>());
        Assert.Equal(fits[1].Auroc, fits[2].Auroc); // the same variant twice: the same sample, the same fit
        Assert.Equal("D1", ModelFitter.ChooseVariant(fits, "auto").Variant.Name);
    }

    [Fact]
    public void A_conditional_variant_gets_its_context_features_and_a_wider_density()
    {
        var studies = SyntheticStudies.Three();
        var o = SyntheticStudies.Options(new VariantSpec("DP", VariantSource.Descriptor, [ContextPart.LungPosition], Conditional: true));
        var sweep = new VariantSweep(studies, Prep, o, SyntheticStudies.Dim, TextWriter.Null);
        var fit = sweep.Fit(o.SelectedVariants()[0]);
        Assert.True(fit.Model.Conditional);
        Assert.Equal(3, fit.Model.ContextDim);
        Assert.Equal(SyntheticStudies.Dim + 3, fit.Model.FeatureDim);
        // Context features are computed once per (spec, study).
        Assert.Same(sweep.ContextOf(fit.Variant.Context!, 0), sweep.ContextOf(fit.Variant.Context!, 0));
    }

    [Fact]
    public void Smoothing_is_kept_only_when_it_raises_the_auroc_by_the_minimum_gain()
    {
        // The cube in strong descriptor noise: one voxel says little, its neighbourhood a lot.
        var studies = new List<StudyFeatures> { SyntheticStudies.Study("a", 1, "p1", descriptorNoise: 2.5) };
        var o = SyntheticStudies.Options(new VariantSpec("Descriptor", VariantSource.Descriptor)) with { KCandidates = [1], SmoothingCandidatesMm = [0, 4] };
        var fit = new VariantSweep(studies, Prep, o, SyntheticStudies.Dim, TextWriter.Null).Fit(o.SelectedVariants()[0]);
        var chosen = SmoothingChoice.Choose(studies, fit, o, TextWriter.Null);
        Assert.True(4 == chosen.SigmaMm, $"unsmoothed {fit.MeanAuroc}, 4 mm {string.Join(",", (double[])chosen.Report["4.0mm"])}");
        Assert.NotSame(fit.Nll, chosen.Maps);
        Assert.Equal(new[] { "4.0mm" }, chosen.Report.Keys); // a candidate of 0 is no smoothing, not measured
        Assert.True(((double[])chosen.Report["4.0mm"])[0] > fit.MeanAuroc + o.SmoothingMinGain);

        var strict = SmoothingChoice.Choose(studies, fit, o with { SmoothingMinGain = 1 }, TextWriter.Null);
        Assert.Equal(0, strict.SigmaMm);
        Assert.Same(fit.Nll, strict.Maps); // no smoothing: the variant's own maps, not a copy
    }

    [Fact]
    public void The_threshold_is_the_larger_of_the_999th_percentile_and_the_volume_rule()
    {
        var s = SyntheticStudies.Study("a", 1, "p1");
        int n = s.Volume.Count;
        // NLL = rank among the normal voxels (0..N-1), NaN elsewhere.
        var nll = new float[n];
        int normal = 0;
        for (int i = 0; i < n; i++) nll[i] = s.Masks.NormalBody[i] != 0 ? normal++ : float.NaN;
        var decision = new DecisionThresholds();
        double voxel = 27;
        // The volume rule allows fraction x limit / voxel = 1/3 x 1800 / 27 ≈ 22 voxels above the threshold; the 99.9th
        // percentile of ~11,600 normal voxels leaves ~12 above: that one is higher and wins.
        var cal = ThresholdCalibrator.Calibrate([s], [nll], 3, decision, 1.0 / 3);
        Assert.Equal(normal / 2, cal.NllMedian);
        Assert.Equal(normal / 1000, cal.NllAtZero);
        Assert.Equal((int)(normal * 0.999), cal.NllAtThreshold);
        Assert.Equal(decision.VoxelThreshold, cal.ScoreAtThreshold);
        Assert.Equal(Math.Max(0.5, (cal.NllAtThreshold - cal.NllMedian) / 4), cal.Scale, 9);
        // A tighter volume budget (1/100 of the limit allows 0 voxels) moves the threshold to the top normal voxel.
        var tight = ThresholdCalibrator.Calibrate([s], [nll], 3, decision, 0.01);
        Assert.Equal(normal - 1, tight.NllAtThreshold);
        // A looser one (a whole limit per study, 66 voxels) stays at the percentile.
        Assert.Equal(cal.NllAtThreshold, ThresholdCalibrator.Calibrate([s], [nll], 3, decision, 1).NllAtThreshold);
        Assert.Equal(66, (int)(decision.VolumeLimitMm3 / voxel));
    }

    [Fact]
    public void Calibration_without_scored_normal_voxels_says_so()
    {
        var s = SyntheticStudies.Study("a", 1, "p1");
        var nll = Enumerable.Repeat(float.NaN, s.Volume.Count).ToArray();
        var e = Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Calibrate([s], [nll], 3, new DecisionThresholds(), 1.0 / 3));
        Assert.Contains("no scored normal voxel", e.Message);
    }

    [Fact]
    public void Cross_fitted_maps_come_from_mixtures_without_the_studys_patient()
    {
        var studies = SyntheticStudies.Three();
        var o = SyntheticStudies.Options(new VariantSpec("Descriptor", VariantSource.Descriptor));
        var sweep = new VariantSweep(studies, Prep, o, SyntheticStudies.Dim, TextWriter.Null);
        var fit = sweep.Fit(o.SelectedVariants()[0]);
        var held = sweep.CrossFittedNll(fit.Variant, fit.Model, 3);
        Assert.Equal(3, held.Count);
        for (int si = 0; si < 3; si++)
        {
            Assert.Equal(fit.Nll[si].Length, held[si].Length);
            // Fitted without the study, the map differs from the in-sample one but ranks the lesion the same.
            Assert.NotEqual(fit.Nll[si], held[si]);
            Assert.True(studies[si].Auroc(held[si]) > 0.99);
        }
        var one = new List<StudyFeatures> { studies[0], studies[0] with { Name = "a2" } };
        Assert.Throws<ArgumentException>(() => new VariantSweep(one, Prep, o, SyntheticStudies.Dim, TextWriter.Null).CrossFittedNll(fit.Variant, fit.Model, 2));
    }

    [Fact]
    public void Anomalous_volumes_count_above_threshold_voxels_in_normal_tissue_and_lesion_boxes()
    {
        var s = SyntheticStudies.Study("a", 1, "p1");
        var score = new float[s.Volume.Count];
        int lesion = Array.FindIndex(s.Masks.Lesion, b => b != 0), normal = Array.FindIndex(s.Masks.NormalBody, b => b != 0);
        score[lesion] = 0.9f;
        score[normal] = 0.8f;
        score[normal + 1] = 0.7f; // at the threshold: not above it
        score[normal + 2] = float.NaN;
        var (n, l) = FitDiagnostics.AnomalousVolumes(s, score, 0.7, 27);
        Assert.Equal(27, n);
        Assert.Equal(27, l);
    }
}
