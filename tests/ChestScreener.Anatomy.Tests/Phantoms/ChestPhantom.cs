using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Anatomy.Tests.Phantoms;

/// <summary>Storage orders of the same physical phantom: the anatomy must not care which one it gets.</summary>
public enum PhantomLayout { Identity, RowsReversed, ColumnsReversed, Rotated90, HeadFirstSlices }

/// <summary>
/// A synthetic chest defined in patient (LPS) millimetres around the volume centre: elliptic body (-50..40 HU), two
/// lung ellipsoids (-850 HU with noise), trachea and two main bronchi (-1000 HU), a heart blob (40 HU) between the lungs
/// and a dense table below the back. Known masks come with it.
/// </summary>
public sealed class ChestPhantom
{
    public const byte TruthRight = 1;
    public const byte TruthLeft = 2;
    public const byte TruthAirway = 3;
    public const byte TruthTable = 4;
    /// <summary>Gas in the stomach or colon under the lung bases (only with gasUnderDiaphragm).</summary>
    public const byte TruthGas = 5;

    private ChestPhantom(CtVolume ct, byte[] truth)
    {
        Ct = ct;
        Truth = truth;
    }

    public CtVolume Ct { get; }
    /// <summary>Per CT voxel: 1 right lung, 2 left lung, 3 airway, 4 table, 5 gas under the diaphragm, 0 otherwise.</summary>
    public byte[] Truth { get; }

    /// <param name="lungCentreMm">|x| of the lung centres; small values make the lungs touch at the midline.</param>
    /// <param name="withLungs">false gives a body with a heart and no lungs (a "not chest" scan).</param>
    /// <param name="gasUnderDiaphragm">adds two large gas pockets (stomach, colon) under the lung bases, cut by the last slice.</param>
    public static ChestPhantom Create(PhantomLayout layout = PhantomLayout.Identity, double lungCentreMm = 44, bool withLungs = true, int seed = 1, bool gasUnderDiaphragm = false)
    {
        const int n = 240, nz = 72;
        const double s = 0.8, sz = 2.5;
        var (ax, ay, az) = layout switch
        {
            PhantomLayout.RowsReversed => (new Vec3(1, 0, 0), new Vec3(0, -1, 0), new Vec3(0, 0, 1)),
            PhantomLayout.ColumnsReversed => (new Vec3(-1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1)),
            PhantomLayout.Rotated90 => (new Vec3(0, 1, 0), new Vec3(-1, 0, 0), new Vec3(0, 0, 1)),
            PhantomLayout.HeadFirstSlices => (new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, -1)),
            _ => (new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1)),
        };
        var origin = -(ax * (s * (n - 1) / 2) + ay * (s * (n - 1) / 2) + az * (sz * (nz - 1) / 2));
        var g = new VolumeGeometry(n, n, nz, new Vec3(s, s, sz), origin, ax, ay, az);
        var hu = new Volume<short>(g);
        var truth = new byte[g.VoxelCount];
        Parallel.For(0, nz, k =>
        {
            var rng = new Random(seed * 1000 + k);
            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i < n; i++)
                {
                    var p = g.IndexToLps(i, j, k);
                    long v = g.Index(i, j, k);
                    var (value, label) = Sample(p, lungCentreMm, withLungs, rng, gasUnderDiaphragm);
                    hu.Data[v] = value;
                    truth[v] = label;
                }
            }
        });
        return new ChestPhantom(new CtVolume(hu, new ScanInfo { Modality = "CT", Source = "phantom" }), truth);
    }

    private static (short Hu, byte Label) Sample(Vec3 p, double lungX, bool withLungs, Random rng, bool gas = false)
    {
        double x = p.X, y = p.Y, z = p.Z;
        // Table: a 6 mm dense slab 5 mm behind the back (LPS +y is posterior).
        if (y >= 70 && y <= 76 && Math.Abs(x) <= 90) return (Noise(300, 20, rng), TruthTable);
        bool body = Sq(x / 88) + Sq(y / 65) <= 1;
        if (!body) return (Noise(-1000, 10, rng), 0);
        if (InTube(p, new Vec3(0, -5, 95), new Vec3(0, -5, 40), 7) || InTube(p, new Vec3(0, -5, 40), new Vec3(-32, 0, 12), 5)
            || InTube(p, new Vec3(0, -5, 40), new Vec3(32, 0, 12), 5))
        {
            return (Noise(-1000, 15, rng), TruthAirway);
        }
        // Stomach and colon gas: 6 mm of tissue under the bases at their nearest, their lower halves beyond the last slice.
        if (gas && (Sq((x - 40) / 45) + Sq(y / 35) + Sq((z + 92) / 14) <= 1 || Sq((x + 42) / 40) + Sq((y + 5) / 30) + Sq((z + 92) / 13) <= 1))
        {
            return (Noise(-990, 15, rng), TruthGas);
        }
        bool heart = Sq(x / 30) + Sq((y + 15) / 28) + Sq((z + 25) / 35) <= 1;
        if (heart) return (Noise(40, 15, rng), 0);
        if (withLungs)
        {
            bool right = Sq((x + lungX) / 37) + Sq(y / 50) + Sq(z / 72) <= 1;
            bool left = Sq((x - lungX) / 37) + Sq(y / 50) + Sq(z / 72) <= 1;
            if (right || left)
            {
                byte side = right && left ? (x < 0 ? TruthRight : TruthLeft) : right ? TruthRight : TruthLeft;
                return (Noise(-850, 40, rng), side);
            }
        }
        return (Noise(-5 + 45 * Math.Sin(x * 0.05) * Math.Cos(y * 0.04), 15, rng), 0);
    }

    private static bool InTube(Vec3 p, Vec3 a, Vec3 b, double r)
    {
        var ab = b - a;
        double t = Math.Clamp((p - a).Dot(ab) / ab.Dot(ab), 0, 1);
        return (p - (a + ab * t)).Length <= r;
    }

    private static double Sq(double v) => v * v;

    private static short Noise(double mean, double sd, Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return (short)Math.Round(mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
