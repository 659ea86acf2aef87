namespace ChestScreener.Imaging.Filters;

/// <summary>
/// In-plane (per axial slice) erosion, dilation and opening of 0/1 masks with a true disk of a radius in millimetres,
/// via an exact squared Euclidean distance transform (Felzenszwalb-Huttenlocher lower envelopes, separable, O(n)).
/// Unlike box morphology it keeps round organs round (heart, vessels). Voxels outside the grid never count.
/// </summary>
public static class DiskMorphology
{
    public static byte[] Erode(byte[] mask, Grid3 g, double radiusMm, double spacingX, double spacingY, int threads = 0) =>
        Run(mask, g, radiusMm, spacingX, spacingY, 0, threads);

    public static byte[] Dilate(byte[] mask, Grid3 g, double radiusMm, double spacingX, double spacingY, int threads = 0) =>
        Run(mask, g, radiusMm, spacingX, spacingY, 1, threads);

    public static byte[] Open(byte[] mask, Grid3 g, double radiusMm, double spacingX, double spacingY, int threads = 0) =>
        Dilate(Erode(mask, g, radiusMm, spacingX, spacingY, threads), g, radiusMm, spacingX, spacingY, threads);

    /// <summary>Squared in-plane distance (mm²) from each voxel to the nearest voxel whose value equals <paramref name="target"/>.</summary>
    public static float[] SquaredDistance(byte[] mask, Grid3 g, double spacingX, double spacingY, byte target, int threads = 0)
    {
        var dist = new float[mask.Length];
        int nx = g.X, ny = g.Y, slice = g.Slice, n = Math.Max(nx, ny);
        float wx = (float)(spacingX * spacingX), wy = (float)(spacingY * spacingY);
        Parallel.For(0, g.Z, Grid3.Parallelism(threads), () => new Envelope(n), (z, _, env) =>
        {
            int off = z * slice;
            // Slices without the target value (or made of it only) need no transform.
            var span = mask.AsSpan(off, slice);
            if (span.IndexOf(target) < 0) { dist.AsSpan(off, slice).Fill(float.PositiveInfinity); return env; }
            if (span.IndexOfAnyExcept(target) < 0) return env;
            for (int y = 0; y < ny; y++)
            {
                int row = off + y * nx;
                for (int x = 0; x < nx; x++) env.F[x] = mask[row + x] == target ? 0f : float.PositiveInfinity;
                env.Transform(nx, wx);
                for (int x = 0; x < nx; x++) dist[row + x] = env.D[x];
            }
            for (int x = 0; x < nx; x++)
            {
                for (int y = 0; y < ny; y++) env.F[y] = dist[off + y * nx + x];
                env.Transform(ny, wy);
                for (int y = 0; y < ny; y++) dist[off + y * nx + x] = env.D[y];
            }
            return env;
        }, _ => { });
        return dist;
    }

    private static byte[] Run(byte[] mask, Grid3 g, double radiusMm, double sx, double sy, byte target, int threads)
    {
        var d = SquaredDistance(mask, g, sx, sy, target, threads);
        var dst = new byte[mask.Length];
        float r2 = (float)(radiusMm * radiusMm);
        byte other = (byte)(1 - target);
        // Dilation: within r of a 1 -> 1. Erosion: within r of a 0 -> 0 (target = 0).
        for (int i = 0; i < dst.Length; i++) dst[i] = d[i] <= r2 ? target : other;
        return dst;
    }

    /// <summary>Scratch buffers of the 1-D lower-envelope transform, one per worker.</summary>
    private sealed class Envelope(int n)
    {
        public readonly float[] F = new float[n];
        public readonly float[] D = new float[n];
        private readonly int[] _v = new int[n];
        private readonly float[] _z = new float[n + 1];

        /// <summary>D[q] = min_p (F[p] + w (q - p)²).</summary>
        public void Transform(int n, float w)
        {
            int k = -1;
            for (int q = 0; q < n; q++)
            {
                if (float.IsPositiveInfinity(F[q])) continue;
                while (k >= 0)
                {
                    int p = _v[k];
                    float s = ((F[q] + w * q * q) - (F[p] + w * p * p)) / (2 * w * (q - p));
                    if (s <= _z[k]) k--;
                    else
                    {
                        k++; _v[k] = q; _z[k] = s; _z[k + 1] = float.PositiveInfinity;
                        goto next;
                    }
                }
                k = 0; _v[0] = q; _z[0] = float.NegativeInfinity; _z[1] = float.PositiveInfinity;
            next:;
            }
            if (k < 0)
            {
                Array.Fill(D, float.PositiveInfinity, 0, n);
                return;
            }
            int j = 0;
            for (int q = 0; q < n; q++)
            {
                while (_z[j + 1] < q) j++;
                int p = _v[j];
                D[q] = w * (q - p) * (q - p) + F[p];
            }
        }
    }
}
