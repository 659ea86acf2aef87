using System.Diagnostics;
using ChestScreener.Imaging;
using ChestScreener.Model.Calibration;
using ChestScreener.Model.Density;
using ChestScreener.Model.Inference;
using ChestScreener.Model.Preprocessing;

namespace ChestScreener.Model;

/// <summary>
/// Runs preprocessing, the ONNX descriptor (sliding window) and the density model: an anomaly score in [0,1] per voxel
/// of the CT grid. An instance keeps its large model-grid buffers (descriptors, window input/output) from one study to
/// the next, so it must not score two studies at the same time: one scorer per concurrent analysis.
/// </summary>
public sealed class AnomalyScorer : IDisposable
{
    private readonly DescriptorRunner _runner;
    private readonly DensityModel _density;
    private readonly DensityEvaluator _evaluator;
    private float[]? _descriptors;
    private int _busy;

    public AnomalyScorer(ModelPackage model, int threads = 2)
    {
        Model = model;
        Threads = Parallelism.Resolve(threads);
        _runner = new DescriptorRunner(model.DescriptorPath, model.Config.Descriptor, model.Config.Preprocessing, Threads);
        _density = model.LoadDensity();
        if (_density.DescriptorDim != model.Config.Descriptor.Dim)
            throw new InvalidDataException($"{model.DensityPath}: density expects {_density.DescriptorDim}-dim descriptors, the network gives {model.Config.Descriptor.Dim}");
        _evaluator = _density.CreateEvaluator();
    }

    public ModelPackage Model { get; }
    public int Threads { get; }
    /// <summary>Threads the descriptor network runs with (the same count as <see cref="Threads"/>).</summary>
    public int DescriptorThreads => _runner.Threads;
    /// <summary>Stage timings of the last <see cref="Score"/> call (preprocess, descriptor, density, resample) and window facts.</summary>
    public ScoreTimings? LastTimings { get; private set; }

    /// <summary>
    /// Scores every voxel of <paramref name="ct"/> inside <paramref name="region"/> (the scoring mask: body, body less
    /// airways, or lung fields; null = the body the preprocessing finds); 0 elsewhere.
    /// </summary>
    public Volume<float> Score(CtVolume ct, Volume<byte>? region = null) => Score(ct, region, out _);

    /// <inheritdoc cref="Score(CtVolume, Volume{byte})"/>
    /// <param name="preprocessed">The model-grid volume the scores were computed on (for evaluations that map CT voxels to it).</param>
    public Volume<float> Score(CtVolume ct, Volume<byte>? region, out PreprocessedVolume preprocessed)
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
            throw new InvalidOperationException("this AnomalyScorer is already scoring a study: use one scorer per concurrent analysis");
        try
        {
            var steps = new StepTimes();
            var sw = Stopwatch.StartNew();
            var pv = Preprocessor.Run(ct, Model.Config.Preprocessing, Threads, steps);
            var gridRegion = steps.Time("region", () => region != null ? pv.SampleMask(region, Threads) : pv.Body);
            double tPre = sw.Elapsed.TotalSeconds;
            var grid = ScoreModelGrid(pv, gridRegion, out double tDesc, out var scored, steps);
            double tDensity = sw.Elapsed.TotalSeconds - tPre - tDesc;
            var result = steps.Time("resample", () => ToCtGrid(ct, pv, grid, region, scored));
            LastTimings = new ScoreTimings(tPre, tDesc, tDensity, sw.Elapsed.TotalSeconds - tPre - tDesc - tDensity, _runner.LastWindowCount, _runner.LastForwardSeconds, pv.Count)
            {
                Steps = steps.Steps,
            };
            preprocessed = pv;
            return result;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Scores on the model grid (0 outside <paramref name="region"/>): the stage the evaluation measures directly.</summary>
    /// <param name="scored">1 where the model grid got a score (in the region, off the blank edges).</param>
    public float[] ScoreModelGrid(PreprocessedVolume pv, byte[] region, out double descriptorSeconds, out byte[] scored) =>
        ScoreModelGrid(pv, region, out descriptorSeconds, out scored, null);

    private float[] ScoreModelGrid(PreprocessedVolume pv, byte[] region, out double descriptorSeconds, out byte[] scored, StepTimes? steps)
    {
        var sw = Stopwatch.StartNew();
        var desc = _descriptors = _runner.Run(pv, _descriptors);
        descriptorSeconds = sw.Elapsed.TotalSeconds;
        steps?.Add("windows.fill", _runner.LastFillSeconds);
        steps?.Add("windows.forward", _runner.LastForwardSeconds);
        steps?.Add("windows.accumulate", _runner.LastAccumulateSeconds);
        return ScoreDescriptors(pv, region, desc, out scored, steps);
    }

    /// <summary>Scores in [0,1] on the model grid, 0 outside <paramref name="region"/> (RegionScores: hysteresis growth when the calibration has it).</summary>
    public float[] ScoreDescriptors(PreprocessedVolume pv, byte[] region, float[] descriptors, out byte[] scored) =>
        ScoreDescriptors(pv, region, descriptors, out scored, null);

    private float[] ScoreDescriptors(PreprocessedVolume pv, byte[] region, float[] descriptors, out byte[] scored, StepTimes? steps)
    {
        var cal = Model.Config.Calibration;
        double sigmaHigh = _density.SmoothingMm, sigmaLow = cal.Growth?.SmoothingMm ?? 0;
        // The raw NLL is needed only where the smoothing of the region reads it.
        int reach = SmoothingReach.Radius(Math.Max(sigmaHigh, sigmaLow) / pv.Geometry.Spacing.X);
        long reachStarted = Stopwatch.GetTimestamp();
        var need = SmoothingReach.Widen(region, pv.SizeX, pv.SizeY, pv.SizeZ, reach, Threads);
        steps?.Add("reach", Stopwatch.GetElapsedTime(reachStarted).TotalSeconds);
        var raw = RawNll(_density, _evaluator, pv, descriptors, Model.Config.Preprocessing, Threads, need, steps);
        var sw = Stopwatch.StartNew();
        var high = SmoothedWithin(raw, pv, region, sigmaHigh, _density.EdgeMarginMm, Threads);
        var low = cal.Growth is { } g ? SmoothedWithin(raw, pv, region, g.SmoothingMm, _density.EdgeMarginMm, Threads) : null;
        scored = new byte[high.Length];
        for (int i = 0; i < high.Length; i++) scored[i] = float.IsNaN(high[i]) ? (byte)0 : (byte)1;
        ScanNormalisation.Apply(high, low, cal);
        if (cal.MirrorReferenceMm is { } mirrorMm) MirrorReference.Apply(high, pv, mirrorMm, Threads);
        steps?.Add("smoothing", sw.Elapsed.TotalSeconds);
        sw.Restart();
        var score = RegionScores.Score(high, low, cal, pv.SizeX, pv.SizeY, pv.SizeZ);
        steps?.Add("hysteresis", sw.Elapsed.TotalSeconds);
        return score;
    }

    /// <summary>
    /// Shared by scoring and fitting: -log q(feature) (or -log q(descriptor | context)) for every voxel of
    /// <paramref name="region"/> on the model grid, NaN elsewhere. The map is computed and smoothed over the whole body
    /// and only then limited to the region: limiting the smoothing to the region as well raises the normal tail at the
    /// lung-field border (the model card has the measurement), so the region decides what counts, not what the smoothing
    /// sees.
    /// </summary>
    public static float[] DensityNll(DensityModel density, DensityEvaluator evaluator, PreprocessedVolume pv, byte[] region, float[] descriptors, PreprocessingConfig prep, int threads) =>
        SmoothAndLimit(RawNll(density, evaluator, pv, descriptors, prep, threads), pv, region, density.SmoothingMm, density.EdgeMarginMm, threads);

    /// <summary>The unsmoothed NLL over the body (NaN outside it and in the blank edge margins): the input of every smoothing.</summary>
    public static float[] RawNll(DensityModel density, DensityEvaluator evaluator, PreprocessedVolume pv, float[] descriptors, PreprocessingConfig prep, int threads) =>
        RawNll(density, evaluator, pv, descriptors, prep, threads, null, null);

    /// <inheritdoc cref="RawNll(DensityModel, DensityEvaluator, PreprocessedVolume, float[], PreprocessingConfig, int)"/>
    /// <param name="need">Only these body voxels are evaluated (NaN elsewhere); null = the whole body.</param>
    /// <param name="steps">Receives "context" and "nll" seconds.</param>
    public static float[] RawNll(DensityModel density, DensityEvaluator evaluator, PreprocessedVolume pv, float[] descriptors, PreprocessingConfig prep, int threads,
        byte[]? need, StepTimes? steps)
    {
        var sw = Stopwatch.StartNew();
        var context = density.Context != null ? ContextFeatures.Compute(pv, density.Context, prep, threads, need) : [];
        steps?.Add("context", sw.Elapsed.TotalSeconds);
        sw.Restart();
        var nll = MixtureNll.Evaluate(density, evaluator, pv, descriptors, context, need, threads);
        BlankEdges(nll, pv, density.EdgeMarginMm);
        steps?.Add("nll", sw.Elapsed.TotalSeconds);
        return nll;
    }

    /// <summary>A copy of a <see cref="RawNll"/> map smoothed over the body by <paramref name="sigmaMm"/>, then limited to <paramref name="region"/>.</summary>
    public static float[] SmoothedWithin(float[] raw, PreprocessedVolume pv, byte[] region, double sigmaMm, double edgeMarginMm, int threads) =>
        SmoothAndLimit((float[])raw.Clone(), pv, region, sigmaMm, edgeMarginMm, threads);

    // In place: smoothing over the body first, the region after (see DensityNll for why that order).
    private static float[] SmoothAndLimit(float[] nll, PreprocessedVolume pv, byte[] region, double sigmaMm, double edgeMarginMm, int threads)
    {
        if (region.Length != nll.Length) throw new ArgumentException("region mask does not match the model grid", nameof(region));
        Smooth(nll, pv, sigmaMm, edgeMarginMm, threads);
        LimitTo(nll, region);
        return nll;
    }

    /// <summary>NaN (unscored) outside <paramref name="region"/>.</summary>
    public static void LimitTo(float[] nll, byte[] region)
    {
        for (int i = 0; i < nll.Length; i++) if (region[i] == 0) nll[i] = float.NaN;
    }

    /// <summary>Body-masked Gaussian smoothing of an NLL map whose edge slices are already blank; they stay blank.</summary>
    public static void Smooth(float[] nll, PreprocessedVolume pv, double sigmaMm, double edgeMarginMm, int threads)
    {
        if (sigmaMm <= 0) return;
        MaskedSmoothing.Apply(nll, pv.Body, pv.SizeX, pv.SizeY, pv.SizeZ, sigmaMm / pv.Geometry.Spacing.X, threads);
        BlankEdges(nll, pv, edgeMarginMm); // smoothing fills the blanked slices from their neighbours
    }

    /// <summary>NaN within the margin of each grid face: z ends always; x/y faces only where the body is cut by the field of view.</summary>
    internal static void BlankEdges(float[] nll, PreprocessedVolume pv, double marginMm)
    {
        int mz = (int)Math.Round(marginMm / pv.Geometry.Spacing.Z), mxy = (int)Math.Round(marginMm / pv.Geometry.Spacing.X);
        if (mz <= 0 && mxy <= 0) return;
        int sx = pv.SizeX, sy = pv.SizeY, slice = sx * sy;
        for (int z = 0; z < pv.SizeZ; z++)
        {
            if (z < mz || z >= pv.SizeZ - mz) { nll.AsSpan(z * slice, slice).Fill(float.NaN); continue; }
            for (int y = 0; y < sy; y++)
                for (int x = 0; x < sx; x++)
                {
                    int dx = Math.Min(x, sx - 1 - x), dy = Math.Min(y, sy - 1 - y);
                    if (Math.Min(dx, dy) < mxy && TouchesFace(pv, x, y, z, dx == Math.Min(dx, dy))) nll[z * slice + y * sx + x] = float.NaN;
                }
        }
    }

    // Is there body on the nearest x (or y) face in this slice row/column? Then the field of view cut the body there.
    private static bool TouchesFace(PreprocessedVolume pv, int x, int y, int z, bool alongX)
    {
        int sx = pv.SizeX, sy = pv.SizeY;
        int fx = alongX ? (x < sx / 2 ? 0 : sx - 1) : x;
        int fy = alongX ? y : (y < sy / 2 ? 0 : sy - 1);
        return pv.Body[(z * sy + fy) * sx + fx] != 0;
    }

    /// <summary>
    /// Trilinear resampling of model-grid scores onto the CT grid over the <paramref name="scored"/> model voxels only
    /// (Trilinear.SampleValid): at the border of the scored region a CT voxel takes the scores of its scored neighbours
    /// instead of being pulled towards the 0 of unscored ones. 0 outside the model grid and outside <paramref name="region"/>.
    /// </summary>
    public Volume<float> ToCtGrid(CtVolume ct, PreprocessedVolume pv, float[] grid, Volume<byte>? region, byte[] scored)
    {
        var result = new Volume<float>(ct.Geometry);
        ScoreResampler.Resample(grid, scored, pv, ct.Geometry, region?.Data, result.Data, Threads);
        return result;
    }

    /// <summary>The per-voxel reference of <see cref="ToCtGrid"/> (Trilinear.SampleValid at every CT voxel), kept for the equality test.</summary>
    public static Volume<float> ToCtGridReference(CtVolume ct, PreprocessedVolume pv, float[] grid, Volume<byte>? region, byte[] scored)
    {
        var g = ct.Geometry;
        var result = new Volume<float>(g);
        var data = result.Data;
        for (int z = 0; z < g.SizeZ; z++)
            for (int y = 0; y < g.SizeY; y++)
            {
                long row = ((long)z * g.SizeY + y) * g.SizeX;
                for (int x = 0; x < g.SizeX; x++)
                {
                    if (region != null && region.Data[row + x] == 0) continue;
                    var m = pv.FromCtIndex(x, y, z);
                    if (m.X < -0.5 || m.X > pv.SizeX - 0.5 || m.Y < -0.5 || m.Y > pv.SizeY - 0.5 || m.Z < -0.5 || m.Z > pv.SizeZ - 0.5) continue;
                    data[row + x] = Trilinear.SampleValid(grid, scored, pv.SizeX, pv.SizeY, pv.SizeZ, m.X, m.Y, m.Z);
                }
            }
        return result;
    }

    public void Dispose() => _runner.Dispose();
}
