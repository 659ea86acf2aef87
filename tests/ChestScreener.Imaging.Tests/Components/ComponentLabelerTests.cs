using ChestScreener.Imaging.Components;

namespace ChestScreener.Imaging.Tests.Components;

public class ComponentLabelerTests
{
    [Fact]
    public void Diagonal_voxels_join_with_26_but_not_with_6()
    {
        const int n = 4;
        var mask = new byte[n * n * n];
        mask[Index(0, 0, 0, n)] = 1;
        mask[Index(1, 1, 1, n)] = 1; // corner neighbour
        mask[Index(3, 3, 3, n)] = 1; // isolated
        var labels = new int[mask.Length];

        Assert.Equal(2, ComponentLabeler.Label(mask, n, n, n, labels, Connectivity.Full26));
        Assert.Equal(labels[Index(0, 0, 0, n)], labels[Index(1, 1, 1, n)]);
        Assert.Equal(3, ComponentLabeler.Label(mask, n, n, n, labels, Connectivity.Faces6));
        Assert.NotEqual(labels[Index(0, 0, 0, n)], labels[Index(1, 1, 1, n)]);
    }

    [Fact]
    public void U_shape_merges_into_one_label_numbered_in_raster_order()
    {
        // Two arms that only meet at the far end: the second pass must resolve the equivalence.
        int sx = 5, sy = 4, sz = 1;
        var mask = new byte[sx * sy * sz];
        for (int y = 0; y < 4; y++) { mask[Index(0, y, 0, sx, sy)] = 1; mask[Index(4, y, 0, sx, sy)] = 1; }
        for (int x = 0; x < 5; x++) mask[Index(x, 3, 0, sx, sy)] = 1;
        mask[Index(2, 0, 0, sx, sy)] = 1; // separate speck in the middle of the first row
        var labels = new int[mask.Length];
        Assert.Equal(2, ComponentLabeler.Label(mask, sx, sy, sz, labels, Connectivity.Faces6));
        Assert.Equal(1, labels[Index(0, 0, 0, sx, sy)]);
        Assert.Equal(1, labels[Index(4, 0, 0, sx, sy)]);
        Assert.Equal(2, labels[Index(2, 0, 0, sx, sy)]);
    }

    [Theory]
    [InlineData(1, Connectivity.Faces6, 0.3)]
    [InlineData(2, Connectivity.Full26, 0.15)]
    [InlineData(3, Connectivity.Faces6, 0.5)]
    [InlineData(4, Connectivity.Full26, 0.05)]
    public void Random_masks_give_the_same_partition_as_a_flood_fill(int seed, Connectivity connectivity, double density)
    {
        var random = new Random(seed);
        int sx = 23, sy = 17, sz = 11;
        var mask = new byte[sx * sy * sz];
        for (int i = 0; i < mask.Length; i++) mask[i] = random.NextDouble() < density ? (byte)1 : (byte)0;
        var labels = new int[mask.Length];
        int count = ComponentLabeler.Label(mask, sx, sy, sz, labels, connectivity);

        var (reference, refCount) = FloodFill(mask, sx, sy, sz, connectivity);
        Assert.Equal(refCount, count);
        // Same partition and, since both number in raster order of first voxel, the same numbers.
        Assert.Equal(reference, labels);
    }

    private static int Index(int x, int y, int z, int sx, int sy = -1) => x + sx * (y + (sy < 0 ? sx : sy) * z);

    private static (int[] Labels, int Count) FloodFill(byte[] mask, int sx, int sy, int sz, Connectivity connectivity)
    {
        var labels = new int[mask.Length];
        int next = 0;
        var stack = new Stack<(int, int, int)>();
        for (int z = 0; z < sz; z++)
        for (int y = 0; y < sy; y++)
        for (int x = 0; x < sx; x++)
        {
            int i = x + sx * (y + sy * z);
            if (mask[i] == 0 || labels[i] != 0) continue;
            labels[i] = ++next;
            stack.Push((x, y, z));
            while (stack.Count > 0)
            {
                var (cx, cy, cz) = stack.Pop();
                for (int dz = -1; dz <= 1; dz++)
                for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++)
                {
                    int manhattan = Math.Abs(dx) + Math.Abs(dy) + Math.Abs(dz);
                    if (manhattan == 0 || (connectivity == Connectivity.Faces6 && manhattan > 1)) continue;
                    int nx = cx + dx, ny = cy + dy, nz = cz + dz;
                    if (nx < 0 || ny < 0 || nz < 0 || nx >= sx || ny >= sy || nz >= sz) continue;
                    int j = nx + sx * (ny + sy * nz);
                    if (mask[j] == 0 || labels[j] != 0) continue;
                    labels[j] = next;
                    stack.Push((nx, ny, nz));
                }
            }
        }
        return (labels, next);
    }
}
