namespace ChestScreener.Model.Preprocessing;

/// <summary>Contrast-limited adaptive histogram equalisation of one [0,1] slice, tiles bilinearly blended.</summary>
public static class Clahe
{
    public static void Apply(ReadOnlySpan<float> src, Span<float> dst, int nx, int ny, int tile, int bins, double clipLimit)
    {
        int tx = Math.Max(1, (nx + tile - 1) / tile), ty = Math.Max(1, (ny + tile - 1) / tile);
        var maps = new float[tx * ty * bins];
        var hist = new int[bins];
        for (int j = 0; j < ty; j++)
        {
            for (int i = 0; i < tx; i++)
            {
                Array.Clear(hist);
                int x0 = i * tile, x1 = Math.Min(nx, x0 + tile), y0 = j * tile, y1 = Math.Min(ny, y0 + tile);
                int count = 0;
                for (int y = y0; y < y1; y++)
                {
                    for (int x = x0; x < x1; x++) { hist[Bin(src[y * nx + x], bins)]++; count++; }
                }
                // Clip and spread the excess evenly: limits how steeply a flat region's noise is stretched.
                int limit = Math.Max(1, (int)(clipLimit * count / bins));
                int excess = 0;
                for (int b = 0; b < bins; b++)
                {
                    if (hist[b] > limit) { excess += hist[b] - limit; hist[b] = limit; }
                }
                float add = excess / (float)bins;
                float cum = 0;
                var map = maps.AsSpan((j * tx + i) * bins, bins);
                for (int b = 0; b < bins; b++)
                {
                    cum += hist[b] + add;
                    map[b] = cum / Math.Max(1, count);
                }
            }
        }
        for (int y = 0; y < ny; y++)
        {
            double fy = (y + 0.5) / tile - 0.5;
            int j0 = Math.Clamp((int)Math.Floor(fy), 0, ty - 1), j1 = Math.Min(j0 + 1, ty - 1);
            float wy = (float)Math.Clamp(fy - j0, 0, 1);
            for (int x = 0; x < nx; x++)
            {
                double fx = (x + 0.5) / tile - 0.5;
                int i0 = Math.Clamp((int)Math.Floor(fx), 0, tx - 1), i1 = Math.Min(i0 + 1, tx - 1);
                float wx = (float)Math.Clamp(fx - i0, 0, 1);
                int b = Bin(src[y * nx + x], bins);
                float m00 = maps[(j0 * tx + i0) * bins + b], m01 = maps[(j0 * tx + i1) * bins + b];
                float m10 = maps[(j1 * tx + i0) * bins + b], m11 = maps[(j1 * tx + i1) * bins + b];
                float top = m00 + (m01 - m00) * wx, bottom = m10 + (m11 - m10) * wx;
                dst[y * nx + x] = top + (bottom - top) * wy;
            }
        }
    }

    private static int Bin(float v, int bins) => Math.Clamp((int)(v * bins), 0, bins - 1);
}
