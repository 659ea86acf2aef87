using System.Runtime.InteropServices;

namespace ChestScreener.Training.Fitting;

/// <summary>
/// Descriptors of one study at one training step, cached as raw float32 in the run folder: refitting densities then
/// costs no forward passes. A file of the wrong length (another grid or network) is recomputed and overwritten.
/// </summary>
public static class DescriptorCache
{
    public static string PathFor(string runDirectory, int step, string study) => Path.Combine(runDirectory, $"descriptors-{step}-{study}.f32");

    public static float[] LoadOrCompute(string path, long length, Func<float[]> compute)
    {
        if (File.Exists(path) && new FileInfo(path).Length == length * sizeof(float))
        {
            var cached = new float[length];
            using var f = File.OpenRead(path);
            f.ReadExactly(MemoryMarshal.AsBytes(cached.AsSpan()));
            return cached;
        }
        var desc = compute();
        if (desc.LongLength != length) throw new InvalidOperationException($"descriptors of {path}: {desc.LongLength} values, expected {length}");
        using (var f = File.Create(path)) f.Write(MemoryMarshal.AsBytes(desc.AsSpan()));
        return desc;
    }
}
