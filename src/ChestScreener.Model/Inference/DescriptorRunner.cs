using System.Diagnostics;
using System.Numerics.Tensors;
using ChestScreener.Model.Preprocessing;
using Microsoft.ML.OnnxRuntime;

namespace ChestScreener.Model.Inference;

/// <summary>
/// Runs descriptor.onnx over a preprocessed volume in overlapping cubic windows, blending outputs with the Gaussian
/// weight. Memory: the (dim x voxels) output plus one window's input and output, both allocated once and handed to
/// ONNX Runtime as its own buffers (no per-window copy of the 33 MB output); volumes smaller than a window are padded.
/// One instance runs one volume at a time (the window buffers are shared between calls).
/// </summary>
public sealed class DescriptorRunner : IDisposable
{
    private readonly InferenceSession _session;
    private readonly DescriptorConfig _cfg;
    private readonly float _padIntensity;
    private readonly string _inputName;
    private readonly string _outputName;
    private readonly ParallelOptions _parallel;
    private readonly RunOptions _runOptions = new();
    private float[]? _windowInput;
    private float[]? _windowOutput;
    private OrtValue? _inputValue;
    private OrtValue? _outputValue;

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
    /// <summary>Seconds the last <see cref="Run"/> spent filling window inputs and blending window outputs.</summary>
    public double LastFillSeconds { get; private set; }
    public double LastAccumulateSeconds { get; private set; }

    /// <summary>Runs one network pass on a (channels x d x h x w) input; returns (dim x d x h x w).</summary>
    public float[] Forward(float[] input, int d, int h, int w)
    {
        using var x = OrtValue.CreateTensorValueFromMemory(input, [1, _cfg.InChannels, d, h, w]);
        using var outputs = _session.Run(_runOptions, [_inputName], [x], [_outputName]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>
    /// One pass of a cubic window through the buffers ONNX Runtime writes into directly; returns the (dim x win³) output,
    /// valid until the next call. <paramref name="input"/> is (channels x win³); public so that `screener bench` times
    /// exactly the scorer's per-window call.
    /// </summary>
    public float[] ForwardWindow(float[] input, int win)
    {
        if (input.Length != _cfg.InChannels * win * win * win)
            throw new ArgumentException($"a {win}³ window of {_cfg.InChannels} channels has {_cfg.InChannels * win * win * win} values, not {input.Length}", nameof(input));
        int w3 = win * win * win;
        if (_windowOutput is null || _windowOutput.Length != _cfg.Dim * w3 || !ReferenceEquals(_windowInput, input))
        {
            _inputValue?.Dispose();
            _outputValue?.Dispose();
            _windowInput = input;
            _windowOutput = GC.AllocateUninitializedArray<float>(_cfg.Dim * w3);
            _inputValue = OrtValue.CreateTensorValueFromMemory(input, [1, _cfg.InChannels, win, win, win]);
            _outputValue = OrtValue.CreateTensorValueFromMemory(_windowOutput, [1, _cfg.Dim, win, win, win]);
        }
        _session.Run(_runOptions, [_inputName], [_inputValue!], [_outputName], [_outputValue!]);
        return _windowOutput;
    }

    /// <summary>Descriptors for every voxel of <paramref name="pv"/>, channel-major: result[c * voxels + i].</summary>
    /// <param name="reuse">A previous result of the same size to overwrite (the scorer keeps one); null = a new array.</param>
    public float[] Run(PreprocessedVolume pv, float[]? reuse = null)
    {
        int win = _cfg.WindowSize, dim = _cfg.Dim;
        int nx = Math.Max(pv.SizeX, win), ny = Math.Max(pv.SizeY, win), nz = Math.Max(pv.SizeZ, win);
        int voxels = pv.Count;
        var sum = reuse is not null && reuse.Length == (long)dim * voxels ? reuse : GC.AllocateUninitializedArray<float>(dim * voxels);
        Array.Clear(sum);
        var weightSum = new float[voxels];
        var weight = SlidingWindow.GaussianWeight(win, _cfg.GaussianSigmaScale);
        var xs = SlidingWindow.Steps(nx, win, _cfg.Overlap);
        var ys = SlidingWindow.Steps(ny, win, _cfg.Overlap);
        var zs = SlidingWindow.Steps(nz, win, _cfg.Overlap);
        int w3 = win * win * win;
        var input = _windowInput is { } wi && wi.Length == _cfg.InChannels * w3 ? wi : new float[_cfg.InChannels * w3];
        long forward = 0, fill = 0, accumulate = 0;
        int windows = 0;
        foreach (int z0 in zs)
            foreach (int y0 in ys)
                foreach (int x0 in xs)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    Fill(pv, input, x0, y0, z0, win);
                    long t1 = Stopwatch.GetTimestamp();
                    var output = ForwardWindow(input, win);
                    long t2 = Stopwatch.GetTimestamp();
                    windows++;
                    Accumulate(pv, output, weight, sum, weightSum, x0, y0, z0, win, dim);
                    long t3 = Stopwatch.GetTimestamp();
                    fill += t1 - t0; forward += t2 - t1; accumulate += t3 - t2;
                }
        long n0 = Stopwatch.GetTimestamp();
        // 1 / weightSum once, then one vector multiply per channel.
        TensorPrimitives.Reciprocal(weightSum, weightSum);
        Parallel.For(0, dim, _parallel, c =>
        {
            var s = sum.AsSpan(c * voxels, voxels);
            TensorPrimitives.Multiply(s, weightSum, s);
        });
        accumulate += Stopwatch.GetTimestamp() - n0;
        LastWindowCount = windows;
        LastForwardSeconds = forward / (double)Stopwatch.Frequency;
        LastFillSeconds = fill / (double)Stopwatch.Frequency;
        LastAccumulateSeconds = accumulate / (double)Stopwatch.Frequency;
        return sum;
    }

    private void Fill(PreprocessedVolume pv, float[] input, int x0, int y0, int z0, int win)
    {
        int w3 = win * win * win;
        int xIn = Math.Clamp(pv.SizeX - x0, 0, win);
        Parallel.For(0, win, _parallel, z =>
        {
            for (int y = 0; y < win; y++)
            {
                int o = (z * win + y) * win;
                int sz = z0 + z, sy = y0 + y;
                var intensity = input.AsSpan(o, win);
                var contrast = input.AsSpan(w3 + o, win);
                int inside = sz < pv.SizeZ && sy < pv.SizeY ? xIn : 0;
                if (inside > 0)
                {
                    int i = (sz * pv.SizeY + sy) * pv.SizeX + x0;
                    pv.Intensity.AsSpan(i, inside).CopyTo(intensity);
                    pv.Contrast.AsSpan(i, inside).CopyTo(contrast);
                }
                intensity[inside..].Fill(_padIntensity);
                contrast[inside..].Clear();
            }
        });
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
                var w = weight.AsSpan(o, xMax);
                var ws = weightSum.AsSpan(t, xMax);
                TensorPrimitives.Add(ws, w, ws);
                for (int c = 0; c < dim; c++)
                {
                    var dst = sum.AsSpan(c * voxels + t, xMax);
                    TensorPrimitives.MultiplyAdd(output.AsSpan(c * w3 + o, xMax), w, dst, dst);
                }
            }
        });
    }

    public void Dispose()
    {
        _inputValue?.Dispose();
        _outputValue?.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
