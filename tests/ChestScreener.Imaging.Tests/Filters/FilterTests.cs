using ChestScreener.Imaging.Filters;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Imaging.Tests.Filters;

public class FilterTests
{
    private static byte[] Point(Grid3 g, int x, int y, int z)
    {
        var m = new byte[g.Count];
        m[g.Index(x, y, z)] = 1;
        return m;
    }

    private static long Count(byte[] m) { long n = 0; foreach (var b in m) n += b; return n; }

    [Fact]
    public void BoxDilationAndErosionAreInverseOnAPointAndKeepTheEdges()
    {
        var g = new Grid3(20, 20, 9);
        var d = BinaryMorphology.Dilate(Point(g, 10, 10, 4), g, 2, 1, 3, threads: 2);
        Assert.Equal(5 * 3 * 7, Count(d));
        Assert.Equal(1, d[g.Index(12, 11, 7)]);
        Assert.Equal(0, d[g.Index(13, 11, 7)]);
        var e = BinaryMorphology.Erode(d, g, 2, 1, 3, threads: 2);
        Assert.Equal(1, Count(e));
        Assert.Equal(1, e[g.Index(10, 10, 4)]);
        // A full volume stays full: outside-grid voxels never erode the border.
        var full = new byte[g.Count];
        Array.Fill(full, (byte)1);
        Assert.Equal(g.Count, Count(BinaryMorphology.Erode(full, g, 3, 3, 3)));
    }

    [Fact]
    public void OpeningRemovesAThinPlateNextToABlock()
    {
        var g = new Grid3(40, 40, 1);
        var m = new byte[g.Count];
        for (int y = 5; y < 25; y++) for (int x = 5; x < 25; x++) m[g.Index(x, y, 0)] = 1;   // block 20x20
        for (int y = 28; y < 30; y++) for (int x = 2; x < 38; x++) m[g.Index(x, y, 0)] = 1;  // plate 2 thick ("table")
        var o = BinaryMorphology.Open(m, g, 2, 2, 0);
        Assert.Equal(400, Count(o));
        Assert.Equal(0, o[g.Index(20, 28, 0)]);
    }

    [Fact]
    public void DiskDilationOfAPointCoversTheLatticeDisk()
    {
        var g = new Grid3(31, 31, 2);
        var d = DiskMorphology.Dilate(Point(g, 15, 15, 1), g, 5, 1, 1);
        // Lattice points with x² + y² <= 25: 81; the other slice stays empty (in-plane only).
        Assert.Equal(81, Count(d));
        Assert.Equal(0, d[g.Index(15, 15, 0)]);
        // Anisotropic pixels: 0.5 mm columns double the reach in x.
        var a = DiskMorphology.Dilate(Point(g, 15, 15, 1), g, 5, 0.5, 1);
        Assert.Equal(1, a[g.Index(25, 15, 1)]);
        Assert.Equal(0, a[g.Index(15, 21, 1)]);
    }

    [Fact]
    public void DiskOpeningKeepsABigDiskAndDropsASmallOne()
    {
        var g = new Grid3(80, 40, 1);
        var m = new byte[g.Count];
        for (int y = 0; y < 40; y++)
            for (int x = 0; x < 80; x++)
            {
                if ((x - 20) * (x - 20) + (y - 20) * (y - 20) <= 15 * 15) m[g.Index(x, y, 0)] = 1;
                if ((x - 60) * (x - 60) + (y - 20) * (y - 20) <= 5 * 5) m[g.Index(x, y, 0)] = 1;
            }
        var o = DiskMorphology.Open(m, g, 8, 1, 1);
        Assert.Equal(1, o[g.Index(20, 20, 0)]);
        Assert.Equal(1, o[g.Index(33, 20, 0)]);
        Assert.Equal(0, o[g.Index(60, 20, 0)]);
    }

    [Fact]
    public void FillHolesFillsEnclosedBackgroundUpToTheSizeLimit()
    {
        var g = new Grid3(30, 30, 1);
        var m = new byte[g.Count];
        // Ring around a 6x6 hole and a ring around a 2x2 hole; a notch open to the border stays open.
        for (int y = 2; y < 10; y++) for (int x = 2; x < 10; x++) m[g.Index(x, y, 0)] = (byte)(x == 2 || x == 9 || y == 2 || y == 9 ? 1 : 0);
        for (int y = 15; y < 19; y++) for (int x = 15; x < 19; x++) m[g.Index(x, y, 0)] = (byte)(x == 15 || x == 18 || y == 15 || y == 18 ? 1 : 0);
        var all = SliceFill.FillHoles(m, g);
        Assert.Equal(64 + 16, Count(all));
        var small = SliceFill.FillHoles(m, g, maxHoleVoxels: 4);
        Assert.Equal(0, small[g.Index(5, 5, 0)]);
        Assert.Equal(1, small[g.Index(16, 16, 0)]);
    }

    [Fact]
    public void ConvexHullOfAnLShapeIsTheTriangleFilled()
    {
        var g = new Grid3(12, 12, 1);
        var m = new byte[g.Count];
        for (int i = 0; i <= 10; i++) { m[g.Index(0, i, 0)] = 1; m[g.Index(i, 10, 0)] = 1; }
        var h = SliceFill.ConvexHull(m, g);
        // Hull of (0,0), (0,10), (10,10): lattice points on or below the diagonal y >= x.
        long expected = 0;
        for (int y = 0; y <= 10; y++) for (int x = 0; x <= y; x++) expected++;
        Assert.Equal(expected, Count(h));
        Assert.Equal(1, h[g.Index(5, 7, 0)]);
        Assert.Equal(0, h[g.Index(7, 5, 0)]);
    }

    [Fact]
    public void BlockMeanAveragesAndCentresTheReducedGrid()
    {
        var geometry = VolumeGeometry.Axial(5, 4, 2, new Vec3(0.5, 0.5, 1), new Vec3(10, 20, 30));
        var v = new Volume<short>(geometry);
        for (int i = 0; i < v.Data.Length; i++) v.Data[i] = (short)(i % 5 * 10);
        var r = Downsample.BlockMean(v, 2, 2, 2);
        Assert.Equal((3, 2, 1), (r.SizeX, r.SizeY, r.SizeZ));
        Assert.Equal(5, r.Data[0]);   // columns 0,1 -> 0,10
        Assert.Equal(25, r.Data[1]);  // columns 2,3 -> 20,30
        Assert.Equal(40, r.Data[2]);  // column 4 alone (partial block)
        Assert.Equal(new Vec3(1, 1, 2), r.Geometry.Spacing);
        var c = r.Geometry.Origin;
        Assert.Equal(10.25, c.X, 9); Assert.Equal(20.25, c.Y, 9); Assert.Equal(30.5, c.Z, 9);
    }

    [Fact]
    public void ComponentsAreSortedBySize()
    {
        var g = new Grid3(10, 10, 3);
        var m = new byte[g.Count];
        for (int x = 0; x < 5; x++) m[g.Index(x, 0, 0)] = 1;
        m[g.Index(9, 9, 2)] = 1; m[g.Index(9, 9, 1)] = 1;
        m[g.Index(8, 8, 1)] = 1; // diagonal to (9,9,1): not 6-connected
        var c = ConnectedComponents.Label3D(m, g);
        Assert.Equal(3, c.Count);
        var order = c.BySize();
        Assert.Equal(5, c.Sizes[order[0]]);
        Assert.Equal(2, c.Sizes[order[1]]);
        Assert.Equal(5, Count(ConnectedComponents.Largest3D(m, g)));
    }
}
