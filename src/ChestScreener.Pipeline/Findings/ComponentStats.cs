using ChestScreener.Anatomy;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Results;

namespace ChestScreener.Pipeline.Findings;

/// <summary>Per-component accumulators over flat arrays (index = component label), filled in one pass over the crop.</summary>
internal sealed class ComponentStats
{
    private readonly int _regionCount;

    public ComponentStats(int count, int regionCount)
    {
        _regionCount = regionCount;
        int n = count + 1;
        Count = new long[n]; Sum = new double[n]; Max = new float[n];
        MinX = Filled(n, int.MaxValue); MinY = Filled(n, int.MaxValue); MinZ = Filled(n, int.MaxValue);
        MaxX = Filled(n, -1); MaxY = Filled(n, -1); MaxZ = Filled(n, -1);
        SumX = new double[n]; SumY = new double[n]; SumZ = new double[n];
        Regions = new long[n * regionCount];
    }

    public long[] Count { get; }
    public double[] Sum { get; }
    public float[] Max { get; }
    public int[] MinX { get; }
    public int[] MinY { get; }
    public int[] MinZ { get; }
    public int[] MaxX { get; }
    public int[] MaxY { get; }
    public int[] MaxZ { get; }
    public double[] SumX { get; }
    public double[] SumY { get; }
    public double[] SumZ { get; }
    public long[] Regions { get; }

    public void Add(int l, int x, int y, int z, float score, int region)
    {
        Count[l]++;
        Sum[l] += score;
        if (score > Max[l]) Max[l] = score;
        if (x < MinX[l]) MinX[l] = x;
        if (x > MaxX[l]) MaxX[l] = x;
        if (y < MinY[l]) MinY[l] = y;
        if (y > MaxY[l]) MaxY[l] = y;
        if (z < MinZ[l]) MinZ[l] = z;
        if (z > MaxZ[l]) MaxZ[l] = z;
        SumX[l] += x; SumY[l] += y; SumZ[l] += z;
        // Outside-the-body and unknown labels both count as "other".
        if (region <= 0 || region >= _regionCount) region = RegionMap.Other;
        Regions[l * _regionCount + region]++;
    }

    public Finding ToFinding(int l, int id, VolumeGeometry g, double voxelMm3)
    {
        int[] min = [MinX[l], MinY[l], MinZ[l]];
        int[] max = [MaxX[l], MaxY[l], MaxZ[l]];
        double n = Count[l];
        var centre = g.IndexToLps(SumX[l] / n, SumY[l] / n, SumZ[l] / n);

        var shares = new List<RegionShare>();
        for (int r = 0; r < _regionCount; r++)
        {
            long c = Regions[l * _regionCount + r];
            if (c > 0) shares.Add(new RegionShare(RegionMap.Name((byte)r), Math.Round(c / n, 4)));
        }
        shares.Sort((a, b) => b.Fraction.CompareTo(a.Fraction));

        return new Finding
        {
            Id = id,
            Region = shares.Count > 0 ? shares[0].Name : "other",
            Regions = shares,
            VolumeMm3 = Math.Round(n * voxelMm3, 1),
            ScoreSum = Math.Round(Sum[l], 3),
            MaxScore = Math.Round(Max[l], 4),
            BboxMmLps = VoxelBox.ToLps(g, min, max),
            BboxVoxel = VoxelBox.ToVoxel(min, max),
            CenterMmLps = VoxelBox.Round([centre.X, centre.Y, centre.Z]),
        };
    }

    private static int[] Filled(int n, int value)
    {
        var a = new int[n];
        Array.Fill(a, value);
        return a;
    }
}
