using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Filters;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// A lesion-free slab of a real scan prepared for insertion: its HU, anatomy labels (lung zones), measured noise SD,
/// a subsample of lung voxel positions to draw lesion sites from, and (on first use) the in-plane distance of every
/// lung voxel to the nearest non-lung voxel.
/// </summary>
public sealed class SynthSlab
{
    private float[]? _pleuraDistanceMm;
    private readonly object _gate = new();

    public SynthSlab(string name, CtVolume ct, Volume<byte> labels, double noiseSd)
    {
        Name = name;
        Ct = ct;
        Labels = labels;
        NoiseSd = noiseSd;
        var candidates = new List<int>();
        var g = ct.Geometry;
        // Every 3rd voxel in each direction is plenty of candidate sites and keeps the list small.
        for (int z = 0; z < g.SizeZ; z += 3)
            for (int y = 0; y < g.SizeY; y += 3)
                for (int x = 0; x < g.SizeX; x += 3)
                {
                    long i = g.Index(x, y, z);
                    if (RegionMap.IsLung(labels.Data[i])) candidates.Add((int)i);
                }
        LungSites = [.. candidates];
    }

    public string Name { get; }
    public CtVolume Ct { get; }
    public Volume<byte> Labels { get; }
    public double NoiseSd { get; }
    public int[] LungSites { get; }
    public VolumeGeometry Geometry => Ct.Geometry;

    /// <summary>Patient-posterior direction sign of the row index (+1 when rows run anterior to posterior).</summary>
    public int PosteriorSign => Geometry.AxisY.Y >= 0 ? 1 : -1;

    public bool IsLung(long i) => RegionMap.IsLung(Labels.Data[i]);

    public static bool OnSide(byte label, string side) => side switch
    {
        "right" => RegionMap.IsRightLung(label),
        "left" => RegionMap.IsLeftLung(label),
        _ => RegionMap.IsLung(label),
    };

    /// <summary>In-plane distance (mm) of each voxel to the nearest non-lung voxel (0 outside the lungs).</summary>
    public float[] PleuraDistanceMm
    {
        get
        {
            lock (_gate)
            {
                if (_pleuraDistanceMm is not null) return _pleuraDistanceMm;
                var g = Geometry;
                var lung = new byte[Labels.Data.Length];
                for (int i = 0; i < lung.Length; i++) lung[i] = RegionMap.IsLung(Labels.Data[i]) ? (byte)1 : (byte)0;
                var d = DiskMorphology.SquaredDistance(lung, Grid3.Of(Labels), g.Spacing.X, g.Spacing.Y, 0, 2);
                for (int i = 0; i < d.Length; i++) d[i] = MathF.Sqrt(d[i]);
                return _pleuraDistanceMm = d;
            }
        }
    }
}
