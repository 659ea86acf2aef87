using System.CommandLine;
using ChestScreener.Training.Fitting;

namespace ChestScreener.Training.Cli;

/// <summary>
/// The fit settings of `fit`, `fit-config` and `cv`: <see cref="FitOptions"/>' defaults, then the --config file (a
/// property it leaves out keeps the default), then each option given on the command line. The record is the one home of
/// every default, so no option here has a default of its own: an option not given leaves the value as it was.
/// </summary>
internal sealed class FitOptionSet
{
    private readonly Option<string> _config = new("--config") { Description = "A fit configuration (JSON form of FitOptions; src/ChestScreener.Training/Fitting/fit-config.json holds the defaults)" };
    private readonly Option<string> _name = new("--name") { Description = "Model name in model.json" };
    private readonly Option<string> _version = new("--version") { Description = "Model version in model.json" };
    private readonly Option<int> _threads = new("--threads") { Description = "Worker threads" };
    private readonly Option<int> _window = new("--window") { Description = "Sliding-window size (voxels)" };
    private readonly Option<double> _overlap = new("--overlap") { Description = "Sliding-window overlap (0..1)" };
    private readonly Option<int> _samples = new("--samples") { Description = "Normal voxels sampled per study" };
    private readonly Option<int[]> _k = ListOption.Ints("--k", "Mixture component counts to try, e.g. 16,32");
    private readonly Option<int> _iterations = new("--iterations") { Description = "EM iterations" };
    private readonly Option<string> _variant = new("--variant") { Description = "auto, or the density variant to ship" };
    private readonly Option<string[]> _variants = ListOption.Strings("--variants", "Only these density variants of the sweep");
    private readonly Option<double> _edgeMargin = new("--edge-margin") { Description = "Blank margin at the grid faces (mm)" };
    private readonly Option<double> _airwayMargin = new("--airway-margin") { Description = "Airways widened by this are not scored (mm; -1 = scored)" };
    private readonly Option<double> _lungMargin = new("--lung-margin") { Description = "Only lungs widened by this are scored (mm; -1 = whole body)" };
    private readonly Option<double> _mediastinumMargin = new("--mediastinum-margin") { Description = "Mediastinum and heart widened by this are not scored (mm; -1 = off)" };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the voxel sampling and of EM (both)" };
    private readonly Option<int> _members = new("--members") { Description = "Mixtures in the ensemble" };
    private readonly Option<int> _restarts = new("--restarts") { Description = "EM restarts" };
    private readonly Option<double> _reg = new("--reg") { Description = "Covariance regularisation" };
    private readonly Option<double[]> _probes = ListOption.Doubles("--probes", "Context probe distances (mm), e.g. 18,30");
    private readonly Option<double[]> _rings = ListOption.Doubles("--rings", "Context ring radii (mm), e.g. 9,24,48");
    private readonly Option<double[]> _smoothing = ListOption.Doubles("--smoothing", "Smoothing candidates (mm), e.g. 6,9");
    private readonly Option<double> _growthSmoothing = new("--growth-smoothing") { Description = "Hysteresis growth smoothing (mm; -1 = no growth)" };
    private readonly Option<double> _growthPercentile = new("--growth-percentile") { Description = "Normal-voxel percentile of the growth threshold" };
    private readonly Option<int> _lesionRegionsCount = new("--lesion-regions-count") { Description = "1 = a region peaking in a widened lesion box counts as normal volume (as in 1.2.0)" };
    private readonly Option<int> _calibrationFolds = new("--calibration-folds") { Description = "k >= 2: threshold from maps of mixtures fitted without each study's patient" };
    private readonly Option<double> _mirrorReference = new("--mirror-reference") { Description = "Half-width (mm) of the mirrored-lung reference box; 0 = off (needs --growth-smoothing -1)" };

    private IEnumerable<Option> All() =>
    [
        _config, _name, _version, _threads, _window, _overlap, _samples, _k, _iterations, _variant, _variants, _edgeMargin,
        _airwayMargin, _lungMargin, _mediastinumMargin, _seed, _members, _restarts, _reg, _probes, _rings, _smoothing, _growthSmoothing,
        _growthPercentile, _lesionRegionsCount, _calibrationFolds, _mirrorReference,
    ];

    public void AddTo(Command command)
    {
        foreach (var o in All()) command.Options.Add(o);
    }

    /// <summary>The settings, checked before any heavy work (FitConfigException when they cannot be fitted).</summary>
    public FitOptions Read(ParseResult p)
    {
        var d = p.GetResult(_config) is null ? new FitOptions() : FitConfigFile.Load(p.GetValue(_config)!);
        int? seed = p.GetResult(_seed) is null ? null : p.GetValue(_seed);
        var o = d with
        {
            Name = p.ValueOr(_name, d.Name),
            Version = p.ValueOr(_version, d.Version),
            Threads = p.ValueOr(_threads, d.Threads),
            Window = p.ValueOr(_window, d.Window),
            Overlap = p.ValueOr(_overlap, d.Overlap),
            SamplesPerStudy = p.ValueOr(_samples, d.SamplesPerStudy),
            KCandidates = p.ValueOr(_k, d.KCandidates),
            Iterations = p.ValueOr(_iterations, d.Iterations),
            Variant = p.ValueOr(_variant, d.Variant),
            OnlyVariants = p.ValueOr(_variants, d.OnlyVariants),
            EdgeMarginMm = p.ValueOr(_edgeMargin, d.EdgeMarginMm),
            AirwayMarginMm = p.ValueOr(_airwayMargin, d.AirwayMarginMm),
            LungMarginMm = p.ValueOr(_lungMargin, d.LungMarginMm),
            MediastinumMarginMm = p.ValueOr(_mediastinumMargin, d.MediastinumMarginMm),
            // --seed sets both; without it the sampling and EM keep the configured seeds, so old fits reproduce.
            SampleSeed = seed ?? d.SampleSeed,
            EmSeed = seed ?? d.EmSeed,
            Members = p.ValueOr(_members, d.Members),
            Restarts = p.ValueOr(_restarts, d.Restarts),
            Regularisation = p.ValueOr(_reg, d.Regularisation),
            ProbesMm = p.ValueOr(_probes, d.ProbesMm),
            RingsMm = p.ValueOr(_rings, d.RingsMm),
            SmoothingCandidatesMm = p.ValueOr(_smoothing, d.SmoothingCandidatesMm),
            GrowthSmoothingMm = p.ValueOr(_growthSmoothing, d.GrowthSmoothingMm),
            GrowthPercentile = p.ValueOr(_growthPercentile, d.GrowthPercentile),
            LesionRegionsCount = p.ValueOr(_lesionRegionsCount, d.LesionRegionsCount ? 1 : 0) != 0,
            CalibrationFolds = p.ValueOr(_calibrationFolds, d.CalibrationFolds),
            MirrorReferenceMm = p.ValueOr(_mirrorReference, d.MirrorReferenceMm),
        };
        FitOptionsValidator.Check(o);
        return o;
    }
}
