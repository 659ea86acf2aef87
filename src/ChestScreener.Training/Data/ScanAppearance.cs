using ChestScreener.Model.Preprocessing;

namespace ChestScreener.Training.Data;

/// <summary>
/// Makes a rendered training view (two channels of size³, intensity and CLAHE, both in [0,1]) look as if another
/// scanner had made it, so that the descriptor becomes blind to how a scan was made rather than to what it shows:
/// - slice thickness: averaging along z over a slab of 1 to 3 model voxels (a 3 to 9 mm reconstruction on the 3 mm grid);
/// - reconstruction kernel: smooth (blur) or sharp (unsharp masking plus spatially correlated noise, B70f-like);
/// - IV contrast: blood and soft tissue (about 10 to 70 HU) brightened or darkened, as enhancement does to vessels and heart.
/// Each change is drawn independently per view; the two views of a pair differ, which is what teaches invariance.
/// </summary>
public static class ScanAppearance
{
    public static void Apply(float[] views, int size, PreprocessingConfig prep, Random rng)
    {
        int n3 = size * size * size;
        var intensity = views.AsSpan(0, n3);
        var clahe = views.AsSpan(n3, n3);
        if (rng.NextDouble() < 0.4)
        {
            double a = rng.NextDouble();
            ThickSlab(intensity, size, (float)a);
            ThickSlab(clahe, size, (float)a);
        }
        if (rng.NextDouble() < 0.3)
        {
            float beta = (float)(0.3 + 1.2 * rng.NextDouble());
            float sigma = (float)(0.03 * rng.NextDouble());
            int seed = rng.Next();
            Sharpen(intensity, size, beta, sigma, seed);
            Sharpen(clahe, size, beta, sigma, seed);
        }
        if (rng.NextDouble() < 0.3)
        {
            double hu = -30 + 180 * rng.NextDouble();
            Enhance(views, n3, prep, (float)(hu / (prep.HuMax - prep.HuMin)));
        }
    }

    /// <summary>Kernel [a, 1, a] / (1 + 2a) along z: a = 0 leaves the view, a = 1 averages three slices (9 mm on the 3 mm grid).</summary>
    public static void ThickSlab(Span<float> data, int size, float a)
    {
        int plane = size * size;
        var prev = new float[plane];
        var cur = new float[plane];
        float norm = 1f / (1 + 2 * a);
        data[..plane].CopyTo(prev);
        for (int z = 0; z < size; z++)
        {
            var slice = data.Slice(z * plane, plane);
            slice.CopyTo(cur);
            var next = z + 1 < size ? data.Slice((z + 1) * plane, plane) : cur;
            for (int i = 0; i < plane; i++) slice[i] = (a * prev[i] + cur[i] + a * next[i]) * norm;
            (prev, cur) = (cur, prev);
        }
    }

    /// <summary>Unsharp masking (x + beta (x - blur x)) plus noise that is itself blurred once, as a sharp kernel's noise is grainy but correlated.</summary>
    public static void Sharpen(Span<float> data, int size, float beta, float noiseSigma, int seed)
    {
        var blurred = data.ToArray();
        Blur(blurred, size);
        var noise = new float[data.Length];
        var rng = new Random(seed);
        for (int i = 0; i < noise.Length; i++) noise[i] = noiseSigma * Gauss(rng);
        Blur(noise, size);
        for (int i = 0; i < data.Length; i++) data[i] += beta * (data[i] - blurred[i]) + 2f * noise[i];
    }

    /// <summary>Adds <paramref name="delta"/> (normalised units) to voxels whose intensity is blood or soft tissue, tapering to 0 at -20 and 100 HU.</summary>
    public static void Enhance(float[] views, int n3, PreprocessingConfig prep, float delta)
    {
        double range = prep.HuMax - prep.HuMin;
        float lo = (float)((-20 - prep.HuMin) / range), a = (float)((10 - prep.HuMin) / range);
        float b = (float)((70 - prep.HuMin) / range), hi = (float)((100 - prep.HuMin) / range);
        for (int i = 0; i < n3; i++)
        {
            float v = views[i];
            float w = v <= lo || v >= hi ? 0 : v < a ? (v - lo) / (a - lo) : v > b ? (hi - v) / (hi - b) : 1;
            if (w == 0) continue;
            views[i] += w * delta;
            views[n3 + i] += w * delta;
        }
    }

    /// <summary>Separable [1,2,1]/4 blur along all three axes (edges clamp).</summary>
    public static void Blur(Span<float> data, int size)
    {
        var tmp = new float[data.Length];
        int[] strides = [1, size, size * size];
        foreach (int s in strides)
        {
            data.CopyTo(tmp);
            for (int i = 0; i < data.Length; i++)
            {
                int coord = i / s % size;
                float prev = coord > 0 ? tmp[i - s] : tmp[i];
                float next = coord < size - 1 ? tmp[i + s] : tmp[i];
                data[i] = 0.25f * prev + 0.5f * tmp[i] + 0.25f * next;
            }
        }
    }

    private static float Gauss(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
