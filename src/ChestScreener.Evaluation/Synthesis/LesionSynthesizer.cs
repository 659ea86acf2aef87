using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// Inserts one lesion into a copy of a lesion-free slab: the same slab, spec and seed always give the same volume and
/// mask (all randomness comes from the seed; parallel loops draw nothing at random).
/// </summary>
public static class LesionSynthesizer
{
    public static (Volume<short> Hu, InsertedLesion Lesion) Insert(SynthSlab slab, LesionSpec spec, int seed)
    {
        var hu = new Volume<short>(slab.Geometry, (short[])slab.Ct.Hu.Data.Clone());
        var rng = new Random(seed);
        var canvas = new LesionCanvas(hu, ScanNoise.Mix((ulong)(uint)seed ^ 0x5EEDUL), slab.NoiseSd);
        string description = spec.Kind switch
        {
            LesionKind.SolidNodule or LesionKind.PartSolidNodule or LesionKind.GroundGlassNodule => NoduleInserter.Insert(slab, canvas, spec, rng),
            LesionKind.Consolidation => PatchInserter.InsertConsolidation(slab, canvas, spec, rng),
            LesionKind.GroundGlassPatches => PatchInserter.InsertGroundGlassPatches(slab, canvas, spec, rng),
            LesionKind.PleuralEffusion => PleuralInserter.InsertEffusion(slab, canvas, spec, rng),
            LesionKind.Pneumothorax => PleuralInserter.InsertPneumothorax(slab, canvas, spec, rng),
            LesionKind.Emphysema => EmphysemaInserter.Insert(slab, canvas, spec, rng),
            _ => throw new ArgumentOutOfRangeException(nameof(spec)),
        };
        return (hu, Summarize(canvas.Mask, description));
    }

    /// <summary>Volume, boxes and centre of a 0/1 mask.</summary>
    public static InsertedLesion Summarize(Volume<byte> mask, string description)
    {
        var g = mask.Geometry;
        int[] min = [int.MaxValue, int.MaxValue, int.MaxValue], max = [-1, -1, -1];
        long n = 0;
        double cx = 0, cy = 0, cz = 0;
        for (int z = 0; z < g.SizeZ; z++)
        {
            var s = mask.Slice(z);
            if (s.IndexOfAnyExcept((byte)0) < 0) continue;
            for (int y = 0; y < g.SizeY; y++)
                for (int x = 0; x < g.SizeX; x++)
                {
                    if (s[y * g.SizeX + x] == 0) continue;
                    n++; cx += x; cy += y; cz += z;
                    if (x < min[0]) min[0] = x; if (x > max[0]) max[0] = x;
                    if (y < min[1]) min[1] = y; if (y > max[1]) max[1] = y;
                    if (z < min[2]) min[2] = z; if (z > max[2]) max[2] = z;
                }
        }
        if (n == 0) throw new InvalidOperationException("the lesion changed no voxel: " + description);
        // The LPS box spans the outer voxel edges, like lesions.json.
        var a = g.IndexToLps(min[0] - 0.5, min[1] - 0.5, min[2] - 0.5);
        var b = g.IndexToLps(max[0] + 0.5, max[1] + 0.5, max[2] + 0.5);
        return new InsertedLesion
        {
            Mask = mask,
            Voxels = n,
            VolumeMm3 = n * g.VoxelVolumeMm3,
            BoxMin = min,
            BoxMax = max,
            BoxMinLps = new Vec3(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y), Math.Min(a.Z, b.Z)),
            BoxMaxLps = new Vec3(Math.Max(a.X, b.X), Math.Max(a.Y, b.Y), Math.Max(a.Z, b.Z)),
            CenterLps = g.IndexToLps(cx / n, cy / n, cz / n),
            Description = description,
        };
    }
}
