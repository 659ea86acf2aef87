using System.Numerics;
using System.Runtime.InteropServices;

namespace ChestScreener.Imaging.Components;

/// <summary>
/// The foreground of a volume as runs: for each row (y, z) the maximal x-intervals [X0, X1) of foreground voxels, in
/// raster order. Memory and labelling time grow with the number of runs, not with the grid, so a sparse score map on a
/// 512x512x300 grid costs one parallel threshold pass and little else.
/// </summary>
public sealed class RunSet
{
    private RunSet(int sizeX, int sizeY, int sizeZ, int[] rowStart, int[] x0, int[] x1)
    {
        SizeX = sizeX; SizeY = sizeY; SizeZ = sizeZ;
        RowStart = rowStart; X0 = x0; X1 = x1;
    }

    public int SizeX { get; }
    public int SizeY { get; }
    public int SizeZ { get; }
    /// <summary>Runs of row r = z * SizeY + y are [RowStart[r], RowStart[r + 1]).</summary>
    public int[] RowStart { get; }
    /// <summary>First x of each run.</summary>
    public int[] X0 { get; }
    /// <summary>One past the last x of each run.</summary>
    public int[] X1 { get; }
    public int Count => X0.Length;

    /// <summary>Runs of the voxels strictly above <paramref name="threshold"/> (NaN is never above); slices are scanned in parallel.</summary>
    public static RunSet AboveThreshold(Volume<float> volume, float threshold, int threads = 0) =>
        Build(volume.SizeX, volume.SizeY, volume.SizeZ, threads, (z, y, row) =>
        {
            var data = volume.Data.AsSpan((int)volume.Geometry.Index(0, y, z), volume.SizeX);
            if (!AnyAbove(data, threshold)) return false;
            for (int x = 0; x < data.Length; x++) row[x] = data[x] > threshold;
            return true;
        });

    /// <summary>Vectorised test that lets the (usual) empty rows of a score map skip the per-voxel work.</summary>
    private static bool AnyAbove(ReadOnlySpan<float> data, float threshold)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated && data.Length >= Vector<float>.Count)
        {
            var t = new Vector<float>(threshold);
            var vectors = MemoryMarshal.Cast<float, Vector<float>>(data);
            foreach (var v in vectors)
            {
                if (Vector.GreaterThanAny(v, t)) return true;
            }
            x = vectors.Length * Vector<float>.Count;
        }
        for (; x < data.Length; x++)
        {
            if (data[x] > threshold) return true;
        }
        return false;
    }

    /// <summary>Runs of the non-zero voxels of a flat mask (x fastest, then y, then z).</summary>
    public static RunSet FromMask(byte[] mask, int sizeX, int sizeY, int sizeZ, int threads = 0)
    {
        if (mask.LongLength != (long)sizeX * sizeY * sizeZ) throw new ArgumentException("mask size does not match the grid", nameof(mask));
        return Build(sizeX, sizeY, sizeZ, threads, (z, y, row) =>
        {
            var data = mask.AsSpan((int)(((long)z * sizeY + y) * sizeX), sizeX);
            if (data.IndexOfAnyExcept((byte)0) < 0) return false;
            for (int x = 0; x < data.Length; x++) row[x] = data[x] != 0;
            return true;
        });
    }

    /// <summary>
    /// Connected components of the runs: returns the component label (1..count) of every run, numbered in raster order
    /// of each component's first voxel. Two runs touch when they overlap in x on a neighbouring row (6-connectivity: the
    /// row above in the same slice and the same row in the previous slice), or overlap within one voxel on any of the
    /// four earlier neighbouring rows (26-connectivity).
    /// </summary>
    public int[] Label(Connectivity connectivity, out int count)
    {
        int n = Count;
        var parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        bool full = connectivity == Connectivity.Full26;
        int slack = full ? 1 : 0;
        for (int z = 0; z < SizeZ; z++)
        for (int y = 0; y < SizeY; y++)
        {
            int r = z * SizeY + y;
            if (RowStart[r] == RowStart[r + 1]) continue;
            if (y > 0) Merge(parent, r, r - 1, slack);
            if (z > 0)
            {
                int below = r - SizeY;
                Merge(parent, r, below, slack);
                if (full && y > 0) Merge(parent, r, below - 1, slack);
                if (full && y < SizeY - 1) Merge(parent, r, below + 1, slack);
            }
        }

        var labels = new int[n];
        count = 0;
        for (int i = 0; i < n; i++)
        {
            int root = Find(parent, i);
            // The root is the smallest run index of its set, so it is labelled before any of its members.
            labels[i] = root == i ? ++count : labels[root];
        }
        return labels;
    }

    private void Merge(int[] parent, int row, int other, int slack)
    {
        int i = RowStart[row], ei = RowStart[row + 1];
        int j = RowStart[other], ej = RowStart[other + 1];
        while (i < ei && j < ej)
        {
            if (X0[i] < X1[j] + slack && X0[j] < X1[i] + slack) Union(parent, i, j);
            // The run that ends first cannot touch any later run of the other row.
            if (X1[i] < X1[j]) i++; else j++;
        }
    }

    private static int Find(int[] parent, int a)
    {
        while (parent[a] != a)
        {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        return a;
    }

    private static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra == rb) return;
        if (ra < rb) parent[rb] = ra; else parent[ra] = rb;
    }

    /// <param name="fillRow">Fills the foreground flags of row (z, y); returns false (flags untouched) when the row is empty.</param>
    private static RunSet Build(int sizeX, int sizeY, int sizeZ, int threads, Func<int, int, bool[], bool> fillRow)
    {
        var perSlice = new (int[] RowCounts, List<int> X0, List<int> X1)[sizeZ];
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : -1 };
        Parallel.For(0, sizeZ, options, () => new bool[sizeX], (z, _, row) =>
        {
            var counts = new int[sizeY];
            List<int> x0 = [], x1 = [];
            for (int y = 0; y < sizeY; y++)
            {
                int before = x0.Count;
                if (!fillRow(z, y, row)) { counts[y] = 0; continue; }
                for (int x = 0; x < sizeX; x++)
                {
                    if (!row[x]) continue;
                    int start = x;
                    while (x < sizeX && row[x]) x++;
                    x0.Add(start);
                    x1.Add(x);
                }
                counts[y] = x0.Count - before;
            }
            perSlice[z] = (counts, x0, x1);
            return row;
        }, _ => { });

        var rowStart = new int[sizeY * sizeZ + 1];
        int total = 0;
        for (int z = 0; z < sizeZ; z++)
        for (int y = 0; y < sizeY; y++)
        {
            rowStart[z * sizeY + y] = total;
            total += perSlice[z].RowCounts[y];
        }
        rowStart[^1] = total;
        var allX0 = new int[total];
        var allX1 = new int[total];
        int at = 0;
        foreach (var s in perSlice)
        {
            s.X0.CopyTo(allX0, at);
            s.X1.CopyTo(allX1, at);
            at += s.X0.Count;
        }
        return new RunSet(sizeX, sizeY, sizeZ, rowStart, allX0, allX1);
    }
}
