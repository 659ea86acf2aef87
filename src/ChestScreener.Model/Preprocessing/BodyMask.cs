namespace ChestScreener.Model.Preprocessing;

/// <summary>Body mask on a small grid: threshold, largest 6-connected component, holes filled slice by slice.</summary>
public static class BodyMask
{
    public static byte[] Compute(ReadOnlySpan<float> hu, int nx, int ny, int nz, float thresholdHu, int threads = 0)
    {
        int n = nx * ny * nz;
        var mask = new byte[n];
        for (int i = 0; i < n; i++) mask[i] = hu[i] > thresholdHu ? (byte)1 : (byte)0;
        KeepLargestComponent(mask, nx, ny, nz);
        int sl = nx * ny;
        Parallel.For(0, nz, Parallelism.Options(threads), z => FillHoles(mask.AsSpan(z * sl, sl), nx, ny));
        return mask;
    }

    /// <summary>Keeps only the largest 6-connected component of a binary mask (values 0/1).</summary>
    public static void KeepLargestComponent(byte[] mask, int nx, int ny, int nz)
    {
        int n = mask.Length, sl = nx * ny;
        var label = new int[n];
        var queue = new int[n];
        int best = 0, bestSize = 0, next = 0;
        for (int s = 0; s < n; s++)
        {
            if (mask[s] == 0 || label[s] != 0) continue;
            next++;
            int head = 0, tail = 0;
            queue[tail++] = s; label[s] = next;
            while (head < tail)
            {
                int p = queue[head++];
                int x = p % nx, y = p / nx % ny, z = p / sl;
                if (x > 0) Visit(p - 1); if (x < nx - 1) Visit(p + 1);
                if (y > 0) Visit(p - nx); if (y < ny - 1) Visit(p + nx);
                if (z > 0) Visit(p - sl); if (z < nz - 1) Visit(p + sl);
            }
            if (tail > bestSize) { bestSize = tail; best = next; }

            void Visit(int q)
            {
                if (mask[q] != 0 && label[q] == 0) { label[q] = next; queue[tail++] = q; }
            }
        }
        for (int i = 0; i < n; i++) mask[i] = label[i] == best && best != 0 ? (byte)1 : (byte)0;
    }

    /// <summary>Background not reachable from the slice border becomes body (lungs, airways inside the chest).</summary>
    public static void FillHoles(Span<byte> slice, int nx, int ny)
    {
        // outside: 0 = unvisited, 1 = reached background; body voxels are never pushed.
        var outside = new byte[nx * ny];
        for (int i = 0; i < outside.Length; i++) if (slice[i] != 0) outside[i] = 2;
        var stack = new Stack<int>();
        for (int x = 0; x < nx; x++) { Seed(outside, stack, x); Seed(outside, stack, (ny - 1) * nx + x); }
        for (int y = 0; y < ny; y++) { Seed(outside, stack, y * nx); Seed(outside, stack, y * nx + nx - 1); }
        while (stack.Count > 0)
        {
            int p = stack.Pop();
            int x = p % nx, y = p / nx;
            if (x > 0) Seed(outside, stack, p - 1);
            if (x < nx - 1) Seed(outside, stack, p + 1);
            if (y > 0) Seed(outside, stack, p - nx);
            if (y < ny - 1) Seed(outside, stack, p + nx);
        }
        for (int i = 0; i < slice.Length; i++) if (outside[i] == 0) slice[i] = 1;
    }

    private static void Seed(byte[] outside, Stack<int> stack, int p)
    {
        if (outside[p] == 0) { outside[p] = 1; stack.Push(p); }
    }
}
