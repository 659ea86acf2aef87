namespace ChestScreener.Model.Density;

/// <summary>
/// A 3D summed-area table over a model-grid channel: any axis-aligned box sum in eight lookups, so ring means at
/// several radii cost the same as one pass each, whatever the radius.
/// </summary>
public sealed class BoxSums
{
    private readonly double[] _s;
    private readonly int _sx, _sy, _sz;

    public BoxSums(float[] values, int sx, int sy, int sz)
    {
        _sx = sx; _sy = sy; _sz = sz;
        int px = sx + 1, py = sy + 1;
        _s = new double[(long)px * py * (sz + 1)];
        for (int z = 1; z <= sz; z++)
            for (int y = 1; y <= sy; y++)
            {
                double row = 0;
                int src = ((z - 1) * sy + (y - 1)) * sx;
                long dst = ((long)z * py + y) * px;
                long up = ((long)z * py + y - 1) * px, back = ((long)(z - 1) * py + y) * px, upBack = ((long)(z - 1) * py + y - 1) * px;
                for (int x = 1; x <= sx; x++)
                {
                    row += values[src + x - 1];
                    // S(z,y,x) = row(x) + S(z,y-1,x) + S(z-1,y,x) - S(z-1,y-1,x)
                    _s[dst + x] = row + _s[up + x] + _s[back + x] - _s[upBack + x];
                }
            }
    }

    /// <summary>Sum over the inclusive box [x0..x1]x[y0..y1]x[z0..z1], clipped to the grid; also returns the voxel count.</summary>
    public double Sum(int x0, int y0, int z0, int x1, int y1, int z1, out long count)
    {
        x0 = Math.Max(0, x0); y0 = Math.Max(0, y0); z0 = Math.Max(0, z0);
        x1 = Math.Min(_sx - 1, x1); y1 = Math.Min(_sy - 1, y1); z1 = Math.Min(_sz - 1, z1);
        if (x1 < x0 || y1 < y0 || z1 < z0) { count = 0; return 0; }
        count = (long)(x1 - x0 + 1) * (y1 - y0 + 1) * (z1 - z0 + 1);
        int px = _sx + 1, py = _sy + 1;
        long I(int z, int y, int x) => ((long)z * py + y) * px + x;
        x1++; y1++; z1++;
        return _s[I(z1, y1, x1)] - _s[I(z0, y1, x1)] - _s[I(z1, y0, x1)] - _s[I(z1, y1, x0)]
             + _s[I(z0, y0, x1)] + _s[I(z0, y1, x0)] + _s[I(z1, y0, x0)] - _s[I(z0, y0, x0)];
    }

    /// <summary>Mean over the cube of half-width <paramref name="outer"/> minus the cube of half-width <paramref name="inner"/> - 1, per voxel.</summary>
    /// <param name="need">Only voxels where this is non-zero are computed (0 elsewhere); null = all.</param>
    public void RingMeans(int inner, int outer, Span<float> dst, int threads, byte[]? need = null)
    {
        var result = new float[dst.Length];
        Parallel.For(0, _sz, new ParallelOptions { MaxDegreeOfParallelism = threads }, z =>
        {
            for (int y = 0; y < _sy; y++)
                for (int x = 0; x < _sx; x++)
                {
                    if (need != null && need[(z * _sy + y) * _sx + x] == 0) continue;
                    double so = Sum(x - outer, y - outer, z - outer, x + outer, y + outer, z + outer, out long no);
                    long ni = 0;
                    double si = inner > 0 ? Sum(x - inner + 1, y - inner + 1, z - inner + 1, x + inner - 1, y + inner - 1, z + inner - 1, out ni) : 0;
                    result[(z * _sy + y) * _sx + x] = no > ni ? (float)((so - si) / (no - ni)) : 0f;
                }
        });
        result.CopyTo(dst);
    }

    /// <summary>
    /// Per voxel, the largest of six probe means: cubes of half-width <paramref name="half"/> centred
    /// <paramref name="distance"/> voxels away along +-x, +-y, +-z (0 where a probe lies wholly off the grid). Low only when
    /// every direction is low: tissue surrounded by aerated lung on all sides, unlike a wall, a fissure or a hilum.
    /// </summary>
    /// <param name="need">Only voxels where this is non-zero are computed (0 elsewhere); null = all.</param>
    public void ProbeMax(int distance, int half, Span<float> dst, int threads, byte[]? need = null)
    {
        var result = new float[dst.Length];
        Parallel.For(0, _sz, new ParallelOptions { MaxDegreeOfParallelism = threads }, z =>
        {
            for (int y = 0; y < _sy; y++)
                for (int x = 0; x < _sx; x++)
                {
                    if (need != null && need[(z * _sy + y) * _sx + x] == 0) continue;
                    float max = 0;
                    max = Math.Max(max, Mean(x + distance, y, z, half));
                    max = Math.Max(max, Mean(x - distance, y, z, half));
                    max = Math.Max(max, Mean(x, y + distance, z, half));
                    max = Math.Max(max, Mean(x, y - distance, z, half));
                    max = Math.Max(max, Mean(x, y, z + distance, half));
                    max = Math.Max(max, Mean(x, y, z - distance, half));
                    result[(z * _sy + y) * _sx + x] = max;
                }
        });
        result.CopyTo(dst);
    }

    private float Mean(int x, int y, int z, int half)
    {
        double sum = Sum(x - half, y - half, z - half, x + half, y + half, z + half, out long n);
        return n > 0 ? (float)(sum / n) : 0f;
    }
}
