namespace ChestScreener.Model.Inference;

/// <summary>The two pure functions of sliding-window inference (as in nnU-Net): window start positions and the Gaussian blending weight.</summary>
public static class SlidingWindow
{
    /// <summary>Start offsets of windows of side <paramref name="window"/> covering [0,size) with at least the given overlap; first 0, last size-window.</summary>
    public static int[] Steps(int size, int window, double overlap)
    {
        if (window <= 0) throw new ArgumentOutOfRangeException(nameof(window));
        if (size <= window) return [0];
        double stride = Math.Max(1, window * (1 - Math.Clamp(overlap, 0, 0.95)));
        int count = (int)Math.Ceiling((size - window) / stride) + 1;
        var steps = new int[count];
        for (int i = 0; i < count; i++) steps[i] = (int)Math.Round(i * (size - window) / (double)(count - 1));
        return steps;
    }

    /// <summary>Gaussian importance map of a cubic window (x fastest), peak 1 at the centre, sigma = side*sigmaScale, floored at 1e-3 so edges still count where only one window reaches.</summary>
    public static float[] GaussianWeight(int window, double sigmaScale)
    {
        var w1 = new double[window];
        double c = (window - 1) / 2.0, sigma = Math.Max(1e-6, window * sigmaScale);
        for (int i = 0; i < window; i++) w1[i] = Math.Exp(-(i - c) * (i - c) / (2 * sigma * sigma));
        var w = new float[window * window * window];
        for (int z = 0; z < window; z++)
            for (int y = 0; y < window; y++)
                for (int x = 0; x < window; x++)
                    w[(z * window + y) * window + x] = (float)Math.Max(1e-3, w1[x] * w1[y] * w1[z]);
        return w;
    }
}
