using System.Diagnostics;
using ChestScreener.Model.Preprocessing;
using Microsoft.ML.OnnxRuntime;

namespace ChestScreener.Model.Inference;

/// <summary>
/// Runs descriptor.onnx over a preprocessed volume in overlapping cubic windows, blending outputs with the Gaussian
/// weight. Memory: the (dim x voxels) output plus one window; volumes smaller than a window are padded.
/// </summary>
public sealed class DescriptorRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly DescriptorConfig _cfg;
    private readonly float _padIntensity;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly ParallelOptions _parallel;

    public DescriptorRunner(string onnxPath, DescriptorConfig cfg, PreprocessingConfig prep, int threads)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = Parallelism.Resolve(threads),
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        _session = new InferenceSession(onnxPath, options);
        _inputName = _session.InputMetadata.Keys.First();
        _outputName = _session.OutputMetadata.Keys.First();
        _cfg = cfg;
        _parallel = Parallelism.Options(threads);
        _padIntensity = (float)Math.Clamp((-1024 - prep.HuMin) / (prep.HuMax - prep.HuMin), 0, 1);
    }

    /// <summary>Threads of ONNX Runtime's intra-op pool and of the window loops (resolved: never 0).</summary>
    public int Threads => _parallel.MaxDegreeOfParallelism;

    /// <summary>Windows run by the last <see cref="Run"/> and the seconds they took (forward passes only).</summary>
    public int LastWindowCount { get; private set; }
    public double LastForwardSeconds { get; private set; }

    /// <summary>Runs one network pass on a (channels x d x h x w) input; returns (dim x d x h x w).</summary>
    public float[] Forward(float[] input, int d, int h, int w)
    {
        using var x = OrtValue.CreateTensorValueFromMemory(input, [1, _cfg.InChannels, d, h, w]);
        using var run = new RunOptions();
        using var outputs = _session.Run(run, [_inputName], [x], [_outputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Descriptors for every voxel of <paramref name="pv"/>, channel-major: result[c * voxels + i].</summary>
    public float[] Run(PreprocessedVolume pv)
    {
        int win = _cfg.WindowSize, dim = _cfg.Dim;
        int nx = Math.Max(pv.SizeX, win), ny = Math.Max(pv.SizeY, win), nz = Math.Max(pv.SizeZ, win);
        int voxels = pv.Count;
        var sum = new float[(long)dim * voxels];
        var weightSum = new float[voxels];
        var weight = SlidingWindow.GaussianWeight(win, _cfg.GaussianSigmaScale);
        var xs = SlidingWindow.Steps(nx, win, _cfg.Overlap);
        var ys = SlidingWindow.Steps(ny, win, _cfg.Overlap);
        var zs = SlidingWindow.Steps(nz, win, _cfg.Overlap);
        int w3 = win * win * win;
        var input = new float[_cfg.InChannels * w3];
        var clock = new Stopwatch();
        int windows = 0;
        foreach (int z0 in zs)
            foreach (int y0 in ys)
                foreach (int x0 in xs)
                {
                    Fill(pv, input, x0, y0, z0, win);
                    clock.Start();
                    var output = Forward(input, win, win, win);
                    clock.Stop();
                    windows++;
                    Accumulate(pv, output, weight, sum, weightSum, x0, y0, z0, win, dim);
                }
        Parallel.For(0, dim, _parallel, c =>
        {
            var s = sum.AsSpan(c * voxels, voxels);
            for (int i = 0; i < voxels; i++) s[i] /= weightSum[i];
        });
        LastWindowCount = windows;
        LastForwardSeconds = clock.Elapsed.TotalSeconds;
        return sum;
    }

    private void Fill(PreprocessedVolume pv, float[] input, int x0, int y0, int z0, int win)
    {
        int w3 = win * win * win;
        for (int z = 0; z < win; z++)
            for (int y = 0; y < win; y++)
            {
                int o = (z * win + y) * win;
                int sz = z0 + z, sy = y0 + y;
                bool rowInside = sz < pv.SizeZ && sy < pv.SizeY;
                for (int x = 0; x < win; x++)
                {
                    int sx = x0 + x;
                    if (rowInside && sx < pv.SizeX)
                    {
                        int i = (sz * pv.SizeY + sy) * pv.SizeX + sx;
                        input[o + x] = pv.Intensity[i];
                        input[w3 + o + x] = pv.Contrast[i];
                    }
                    else
                    {
                        input[o + x] = _padIntensity;
                        input[w3 + o + x] = 0;
                    }
                }
            }
    }

    private void Accumulate(PreprocessedVolume pv, float[] output, float[] weight, float[] sum, float[] weightSum, int x0, int y0, int z0, int win, int dim)
    {
        int w3 = win * win * win, voxels = pv.Count;
        int zMax = Math.Min(win, pv.SizeZ - z0), yMax = Math.Min(win, pv.SizeY - y0), xMax = Math.Min(win, pv.SizeX - x0);
        Parallel.For(0, zMax, _parallel, z =>
        {
            for (int y = 0; y < yMax; y++)
            {
                int o = (z * win + y) * win;
                int t = ((z0 + z) * pv.SizeY + (y0 + y)) * pv.SizeX + x0;
                for (int x = 0; x < xMax; x++) weightSum[t + x] += weight[o + x];
                for (int c = 0; c < dim; c++)
                {
                    var src = output.AsSpan(c * w3 + o, xMax);
                    var dst = sum.AsSpan(c * voxels + t, xMax);
                    for (int x = 0; x < xMax; x++) dst[x] += src[x] * weight[o + x];
                }
            }
        });
    }

    public void Dispose() => _session.Dispose();
}
