namespace ChestScreener.Imaging.Components;

/// <summary>
/// 3D connected-component labelling of a binary mask over a flat (x fastest, then y, then z) array: one raster pass that
/// gives provisional labels and records equivalences in a union-find, then one pass that maps them to final labels
/// 1..n numbered in raster order of each component's first voxel. Memory: the label array plus O(provisional labels).
/// </summary>
public static class ComponentLabeler
{
    /// <summary>Labels the non-zero voxels of <paramref name="mask"/> into <paramref name="labels"/> (0 = background); returns n.</summary>
    public static int Label(ReadOnlySpan<byte> mask, int sizeX, int sizeY, int sizeZ, Span<int> labels, Connectivity connectivity = Connectivity.Full26)
    {
        long count = (long)sizeX * sizeY * sizeZ;
        if (sizeX <= 0 || sizeY <= 0 || sizeZ <= 0) throw new ArgumentOutOfRangeException(nameof(sizeX), "sizes must be positive");
        if (mask.Length != count || labels.Length != count) throw new ArgumentException($"mask and labels must hold {count} voxels");

        var sets = new DisjointSets(1024);
        bool full = connectivity == Connectivity.Full26;
        int slice = sizeX * sizeY;
        for (int z = 0; z < sizeZ; z++)
        {
            for (int y = 0; y < sizeY; y++)
            {
                int row = z * slice + y * sizeX;
                for (int x = 0; x < sizeX; x++)
                {
                    int i = row + x;
                    if (mask[i] == 0) { labels[i] = 0; continue; }
                    int label = 0;
                    // Already-visited neighbours only: they precede i in raster order.
                    if (x > 0) label = Join(ref sets, label, labels[i - 1]);
                    if (y > 0)
                    {
                        label = Join(ref sets, label, labels[i - sizeX]);
                        if (full)
                        {
                            if (x > 0) label = Join(ref sets, label, labels[i - sizeX - 1]);
                            if (x < sizeX - 1) label = Join(ref sets, label, labels[i - sizeX + 1]);
                        }
                    }
                    if (z > 0)
                    {
                        int below = i - slice;
                        label = Join(ref sets, label, labels[below]);
                        if (full)
                        {
                            bool left = x > 0, right = x < sizeX - 1, up = y > 0, down = y < sizeY - 1;
                            if (left) label = Join(ref sets, label, labels[below - 1]);
                            if (right) label = Join(ref sets, label, labels[below + 1]);
                            if (up)
                            {
                                label = Join(ref sets, label, labels[below - sizeX]);
                                if (left) label = Join(ref sets, label, labels[below - sizeX - 1]);
                                if (right) label = Join(ref sets, label, labels[below - sizeX + 1]);
                            }
                            if (down)
                            {
                                label = Join(ref sets, label, labels[below + sizeX]);
                                if (left) label = Join(ref sets, label, labels[below + sizeX - 1]);
                                if (right) label = Join(ref sets, label, labels[below + sizeX + 1]);
                            }
                        }
                    }
                    labels[i] = label != 0 ? label : sets.Add();
                }
            }
        }

        var final = sets.Compact(out int n);
        for (int i = 0; i < labels.Length; i++)
        {
            int l = labels[i];
            if (l != 0) labels[i] = final[l];
        }
        return n;
    }

    /// <summary>Labels a byte mask volume; the result is an int volume on the same grid.</summary>
    public static (Volume<int> Labels, int Count) Label(Volume<byte> mask, Connectivity connectivity = Connectivity.Full26)
    {
        var labels = mask.Like<int>();
        int n = Label(mask.Data, mask.SizeX, mask.SizeY, mask.SizeZ, labels.Data, connectivity);
        return (labels, n);
    }

    private static int Join(ref DisjointSets sets, int current, int neighbour)
    {
        if (neighbour == 0) return current;
        if (current == 0) return neighbour;
        if (current != neighbour) sets.Union(current, neighbour);
        return current;
    }

    /// <summary>Union-find over provisional labels 1..n (index 0 unused) with path halving.</summary>
    private struct DisjointSets
    {
        private int[] _parent;
        private int _count;

        public DisjointSets(int capacity)
        {
            _parent = new int[Math.Max(2, capacity)];
            _count = 0;
        }

        public int Add()
        {
            int label = ++_count;
            if (label >= _parent.Length) Array.Resize(ref _parent, _parent.Length * 2);
            _parent[label] = label;
            return label;
        }

        public int Find(int a)
        {
            var p = _parent;
            while (p[a] != a)
            {
                p[a] = p[p[a]];
                a = p[a];
            }
            return a;
        }

        public void Union(int a, int b)
        {
            int ra = Find(a), rb = Find(b);
            if (ra == rb) return;
            // The smaller root wins so that final numbering follows raster order of first voxels.
            if (ra < rb) _parent[rb] = ra; else _parent[ra] = rb;
        }

        /// <summary>Map from provisional label to final label 1..m, numbered in order of each root's first appearance.</summary>
        public int[] Compact(out int n)
        {
            var final = new int[_count + 1];
            int next = 0;
            for (int l = 1; l <= _count; l++)
            {
                int root = Find(l);
                // Roots are the smallest label in their set, so a root is always met before its members.
                final[l] = root == l ? ++next : final[root];
            }
            n = next;
            return final;
        }
    }
}
