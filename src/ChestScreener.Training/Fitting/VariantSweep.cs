using System.Diagnostics;
using ChestScreener.Model;
using ChestScreener.Model.Density;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.DensityFit;

namespace ChestScreener.Training.Fitting;

/// <summary>
/// Fit step 3: a Gaussian mixture per density variant on the studies' normal voxels, each scored through the inference
/// code (AnomalyScorer.DensityNll) and measured by voxel AUROC on the lesion boxes. Holds what the variants share: one
/// normal-voxel sample per study (drawn once, seeded) and the context features of each (spec, study), computed once.
/// </summary>
public sealed class VariantSweep
{
    private readonly IReadOnlyList<StudyFeatures> _studies;
    private readonly PreprocessingConfig _prep;
    private readonly FitOptions _o;
    private readonly int _descriptorDim;
    private readonly TextWriter _log;
    private readonly Random _rng;
    private readonly Dictionary<(ContextSpec, int), float[]> _contexts = [];

    public VariantSweep(IReadOnlyList<StudyFeatures> studies, PreprocessingConfig prep, FitOptions o, int descriptorDim, TextWriter log)
    {
        (_studies, _prep, _o, _descriptorDim, _log) = (studies, prep, o, descriptorDim, log);
        _rng = new Random(o.SampleSeed);
        Samples = studies.Select(s => NormalVoxels.Sample(s, o.SamplesPerStudy, _rng)).ToList();
    }

    /// <summary>The normal voxels every variant is fitted on (ensemble members draw their own after these).</summary>
    public IReadOnlyList<List<int>> Samples { get; }

    public float[] ContextOf(ContextSpec spec, int study)
    {
        if (!_contexts.TryGetValue((spec, study), out var c))
            _contexts[(spec, study)] = c = ContextFeatures.Compute(_studies[study].Volume, spec, _prep, _o.Threads);
        return c;
    }

    /// <summary>Fits every variant in order and adds each one's AUROC, held-out likelihoods and conditionality to <paramref name="report"/>.</summary>
    public List<VariantFit> FitAll(IEnumerable<DensityVariant> variants, IDictionary<string, object> report)
    {
        var fits = new List<VariantFit>();
        foreach (var v in variants)
        {
            var fit = Fit(v);
            fits.Add(fit);
            report[v.Name] = new Dictionary<string, object>
            {
                ["auroc"] = _studies.Select((s, i) => (s.Name, fit.Auroc[i])).ToDictionary(t => t.Name, t => (object)Math.Round(t.Item2, 4)),
                ["heldout_loglik"] = fit.Selection!,
                ["conditional"] = fit.Model.Conditional,
            };
        }
        return fits;
    }

    public VariantFit Fit(DensityVariant variant)
    {
        var sw = Stopwatch.StartNew();
        var template = Template(variant);
        var rows = NormalVoxels.Rows(_studies, Samples, template, variant, ContextOf);
        int[] ks = variant.UsesDescriptor ? _o.KCandidates : _o.IntensityKCandidates;
        _log.WriteLine($"density {variant.Name} ({template.FeatureDim} features, {rows.Length / template.FeatureDim} normal voxels):");
        var (mixture, sel) = GmmFitter.SelectAndFit(rows, template.FeatureDim, ks, _o.Iterations, _o.Regularisation, _o.EmSeed, _log, variant.UsesDescriptor ? _o.Restarts : 1);
        var model = template with { Mixture = mixture, Selection = sel, EdgeMarginMm = _o.EdgeMarginMm };
        if (_o.Members > 1 && variant.UsesDescriptor) model = model with { Ensemble = Members(variant, template, mixture.Components) };
        var ev = model.CreateEvaluator();
        var nlls = _studies.Select(s => AnomalyScorer.DensityNll(model, ev, s.Volume, s.Volume.Body, variant.Source(s), _prep, _o.Threads)).ToList();
        var aurocs = _studies.Select((s, i) => s.Auroc(nlls[i])).ToArray();
        _log.WriteLine($"  AUROC {string.Join(", ", _studies.Select((s, i) => $"{s.Name} {aurocs[i]:F3}"))} ({sw.Elapsed.TotalSeconds:F0} s)");
        return new VariantFit(variant, model, aurocs, nlls, sel);
    }

    /// <summary>The variant's density without a fitted mixture: its standardisation of source and context on the shared sample.</summary>
    private DensityModel Template(DensityVariant variant)
    {
        int sourceDim = variant.UsesDescriptor ? _descriptorDim : 1;
        var (fMean, fStd) = variant.UsesDescriptor
            ? NormalVoxels.Standardisation(_studies.Select(variant.Source).ToList(), _studies, Samples, sourceDim)
            : (DensityVariant.IntensityMean, DensityVariant.IntensityStd);
        double[]? cMean = null, cStd = null;
        if (variant.Context != null)
            (cMean, cStd) = NormalVoxels.Standardisation(_studies.Select((_, si) => ContextOf(variant.Context, si)).ToList(), _studies, Samples, variant.Context.Count);
        return variant.ToModel(new GaussianMixture { Dim = 1, Weights = [1], Means = [[0]], InverseCholesky = [[1]] }, fMean, fStd, cMean, cStd, null);
    }

    /// <summary>Ensemble members 1..Members-1: the chosen K, each on a fresh sample of normal voxels and its own k-means++ start.</summary>
    private List<GaussianMixture> Members(DensityVariant variant, DensityModel template, int k)
    {
        var members = new List<GaussianMixture>();
        for (int m = 1; m < _o.Members; m++)
        {
            var memberSamples = _studies.Select(s => NormalVoxels.Sample(s, _o.SamplesPerStudy, _rng)).ToList();
            var memberRows = NormalVoxels.Rows(_studies, memberSamples, template, variant, ContextOf);
            members.Add(GmmFitter.Fit(memberRows, template.FeatureDim, k, _o.Iterations, _o.Regularisation, _o.EmSeed + 1000 * m));
        }
        _log.WriteLine($"  ensemble of {_o.Members} mixtures (K={k})");
        return members;
    }

    /// <summary>
    /// Each study's unsmoothed NLL map under a mixture of <paramref name="variant"/> (same K, same standardisation as
    /// <paramref name="full"/>) fitted on the normal voxels of the other patients only: what a threshold would meet on a new patient.
    /// </summary>
    public List<float[]> CrossFittedNll(DensityVariant variant, DensityModel full, int calibrationFolds)
    {
        var patients = _studies.Select(s => s.Patient).Distinct().Order(StringComparer.Ordinal).ToList();
        if (patients.Count < 2) throw new ArgumentException("cross-fitted calibration needs studies of at least two patients");
        int folds = Math.Min(calibrationFolds, patients.Count);
        var held = new float[_studies.Count][];
        for (int f = 0; f < folds; f++)
        {
            var sw = Stopwatch.StartNew();
            var left = patients.Where((_, i) => i % folds == f).ToHashSet();
            var fitOn = Enumerable.Range(0, _studies.Count).Where(i => !left.Contains(_studies[i].Patient)).ToList();
            var rows = NormalVoxels.Rows(fitOn.Select(i => _studies[i]).ToList(), fitOn.Select(i => Samples[i]).ToList(), full, variant, (spec, k) => ContextOf(spec, fitOn[k]));
            var mixture = GmmFitter.Fit(rows, full.FeatureDim, full.Mixture.Components, _o.Iterations, _o.Regularisation, _o.EmSeed);
            var model = full with { Mixture = mixture, Ensemble = null };
            var ev = model.CreateEvaluator();
            foreach (int si in Enumerable.Range(0, _studies.Count).Where(i => left.Contains(_studies[i].Patient)))
                held[si] = AnomalyScorer.DensityNll(model, ev, _studies[si].Volume, _studies[si].Volume.Body, variant.Source(_studies[si]), _prep, _o.Threads);
            _log.WriteLine($"  calibration fold {f + 1}/{folds}: held out {string.Join(", ", left)} ({sw.Elapsed.TotalSeconds:F0} s)");
        }
        return held.ToList();
    }
}
