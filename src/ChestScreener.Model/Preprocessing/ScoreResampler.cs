using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Model.Preprocessing;

/// <summary>
/// Model-grid scores onto the CT grid, one CT row at a time: the model grid is axis-aligned with the CT (ModelGridMap),
/// so along a CT row only one model coordinate moves. The other two are interpolated once per row into a line of
/// weighted sums (over valid model voxels only) and every CT voxel of the row then costs one linear interpolation.
/// Same values as <see cref="Trilinear.SampleValid"/> per voxel up to rounding (ScoreResamplerTests).
/// </summary>
public static class ScoreResampler
{
    /// <param name="grid">Model-grid values.</param>
    /// <param name="valid">1 where <paramref name="grid"/> holds a value; the others carry no weight.</param>
    /// <param name="region">CT-grid mask (null = every voxel); voxels outside it, outside the model grid or with no valid corner are left as they are in <paramref name="dst"/>.</param>
    public static void Resample(float[] grid, byte[] valid, PreprocessedVolume pv, VolumeGeometry ct, byte[]? region, float[] dst, int threads)
    {
        if (grid.Length != pv.Count || valid.Length != pv.Count) throw new ArgumentException("model-grid arrays do not match the grid");
        if (dst.LongLength != (long)ct.SizeX * ct.SizeY * ct.SizeZ || (region != null && region.LongLength != dst.LongLength)) throw new ArgumentException("CT-grid arrays do not match the CT");
        int[] n = [pv.SizeX, pv.SizeY, pv.SizeZ];
        int[] stride = [1, pv.SizeX, pv.SizeX * pv.SizeY];
        // The model axis that runs along CT x, and the two that stay fixed along a CT row.
        int a = Array.IndexOf(pv.Map.CtAxis, 0), b = (a + 1) % 3, c = (a + 2) % 3;
        int na = n[a];
        Parallel.For(0, ct.SizeZ, Parallelism.Options(threads), () => (new float[na], new float[na]), (z, _, line) =>
        {
            var (num, den) = line;
            for (int y = 0; y < ct.SizeY; y++)
            {
                long row = ((long)z * ct.SizeY + y) * ct.SizeX;
                int xFirst = 0, xLast = ct.SizeX - 1;
                if (region != null)
                {
                    var r = region.AsSpan((int)row, ct.SizeX);
                    xFirst = r.IndexOfAnyExcept((byte)0);
                    if (xFirst < 0) continue;
                    xLast = r.LastIndexOfAnyExcept((byte)0);
                }
                var m0 = pv.FromCtIndex(0, y, z);
                var m1 = pv.FromCtIndex(1, y, z);
                double[] p0 = [m0.X, m0.Y, m0.Z];
                double du = (a == 0 ? m1.X : a == 1 ? m1.Y : m1.Z) - p0[a];
                if (!Fixed(p0[b], n[b], out int b0, out int b1, out float fb) || !Fixed(p0[c], n[c], out int c0, out int c1, out float fc)) continue;
                // The four fixed-axis corners with their bilinear weights, folded into one line along axis a.
                int o00 = b0 * stride[b] + c0 * stride[c], o10 = b1 * stride[b] + c0 * stride[c];
                int o01 = b0 * stride[b] + c1 * stride[c], o11 = b1 * stride[b] + c1 * stride[c];
                float w00 = (1 - fb) * (1 - fc), w10 = fb * (1 - fc), w01 = (1 - fb) * fc, w11 = fb * fc;
                // Only the stretch of the line this row's region reaches.
                double uA = p0[a] + du * xFirst, uB = p0[a] + du * xLast;
                int iLo = Math.Clamp((int)Math.Floor(Math.Min(uA, uB)), 0, na - 1), iHi = Math.Clamp((int)Math.Ceiling(Math.Max(uA, uB)) + 1, 0, na - 1);
                int sa = stride[a];
                for (int i = iLo; i <= iHi; i++)
                {
                    int o = i * sa;
                    float s = 0, w = 0;
                    if (valid[o + o00] != 0) { s += w00 * grid[o + o00]; w += w00; }
                    if (valid[o + o10] != 0) { s += w10 * grid[o + o10]; w += w10; }
                    if (valid[o + o01] != 0) { s += w01 * grid[o + o01]; w += w01; }
                    if (valid[o + o11] != 0) { s += w11 * grid[o + o11]; w += w11; }
                    num[i] = s; den[i] = w;
                }
                for (int x = xFirst; x <= xLast; x++)
                {
                    if (region != null && region[row + x] == 0) continue;
                    double u = p0[a] + du * x;
                    if (u < -0.5 || u > na - 0.5) continue;
                    u = Math.Clamp(u, 0, na - 1);
                    int u0 = Math.Min((int)u, na - 1), u1 = Math.Min(u0 + 1, na - 1);
                    float fu = (float)(u - u0);
                    float weight = den[u0] * (1 - fu) + den[u1] * fu;
                    if (weight > 1e-9f) dst[row + x] = (num[u0] * (1 - fu) + num[u1] * fu) / weight;
                }
            }
            return line;
        }, _ => { });
    }

    // A fixed model coordinate: its two neighbours and the weight of the upper one; false outside the grid.
    private static bool Fixed(double p, int n, out int i0, out int i1, out float f)
    {
        i0 = i1 = 0; f = 0;
        if (p < -0.5 || p > n - 0.5) return false;
        p = Math.Clamp(p, 0, n - 1);
        i0 = Math.Min((int)p, n - 1);
        i1 = Math.Min(i0 + 1, n - 1);
        f = (float)(p - i0);
        return true;
    }
}
