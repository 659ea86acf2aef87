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
        // Lung voxels plus the air-like voxels on the lung border that the segmentation gave to its neighbours: a lesion
        // painted up to the pleura must cover them, or a dotted dark seam stays between lesion and chest wall.
        var lung = new byte[labels.Data.Length];
        for (int i = 0; i < lung.Length; i++) lung[i] = RegionMap.IsLung(labels.Data[i]) ? (byte)1 : (byte)0;
        var near = DiskMorphology.Dilate(lung, Grid3.Of(labels), 2.0, g.Spacing.X, g.Spacing.Y, 2);
        Paintable = new byte[lung.Length];
        var hu = ct.Hu.Data;
        for (int i = 0; i < lung.Length; i++)
        {
            byte l = labels.Data[i];
            Paintable[i] = (byte)(lung[i] != 0 || (near[i] != 0 && hu[i] < -300 && l != RegionMap.Airways && l != RegionMap.Outside) ? 1 : 0);
        }
    }

    /// <summary>1 where a lesion may be painted: the lungs and the air-like voxels of their border.</summary>
    public byte[] Paintable { get; }

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

    /// <summary>
    /// In-plane distance (mm) of each voxel to the nearest chest-wall-side voxel (non-lung and not mediastinum, heart
    /// or airways), so that pleural disease hugs the costal pleura and not the hilum.
    /// </summary>
    public float[] PleuraDistanceMm
    {
        get
        {
            lock (_gate)
            {
                if (_pleuraDistanceMm is not null) return _pleuraDistanceMm;
                var g = Geometry;
                var lung = new byte[Labels.Data.Length];
                for (int i = 0; i < lung.Length; i++)
                {
                    byte l = Labels.Data[i];
                    bool wall = Paintable[i] == 0 && l != RegionMap.Mediastinum && l != RegionMap.Heart && l != RegionMap.Airways;
                    lung[i] = wall ? (byte)0 : (byte)1;
                }
                var d = DiskMorphology.SquaredDistance(lung, Grid3.Of(Labels), g.Spacing.X, g.Spacing.Y, 0, 2);
                for (int i = 0; i < d.Length; i++) d[i] = MathF.Sqrt(d[i]);
                return _pleuraDistanceMm = d;
            }
        }
    }
}
