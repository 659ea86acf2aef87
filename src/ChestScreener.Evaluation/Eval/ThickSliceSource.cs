using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Pipeline.Stages;

namespace ChestScreener.Evaluation.Eval;

/// <summary>
/// Reads a study as a thick reconstruction of it would have been: the native slices averaged over contiguous slabs of
/// <paramref name="thicknessMm"/> along the slice axis, one slice per slab (slice step = thickness), in-plane grid
/// unchanged. This is how 5 mm and 8 mm studies are made from the 1.5 mm corpus to test robustness to slice thickness.
/// </summary>
public sealed class ThickSliceSource(IVolumeSource inner, double thicknessMm) : IVolumeSource
{
    public double ThicknessMm => thicknessMm;

    public CtVolume Load(IReadOnlyList<string> inputs) => Reslice(inner.Load(inputs), thicknessMm);

    public static CtVolume Reslice(CtVolume ct, double thicknessMm)
    {
        var g = ct.Geometry;
        double dz = g.Spacing.Z;
        if (thicknessMm <= dz * 1.01) return ct;
        int slabs = (int)Math.Floor(g.SizeZ * dz / thicknessMm);
        if (slabs < 1) throw new ArgumentException($"a {thicknessMm} mm slab is thicker than the {g.SizeZ * dz:0} mm scan");
        int plane = g.SizeX * g.SizeY;
        var src = ct.Hu.Data;
        var dst = new short[(long)plane * slabs];
        Parallel.For(0, slabs, k =>
        {
            // Native slice i (centre at i*dz from the first) belongs to slab k when its centre lies in [k t, (k+1) t).
            int first = (int)Math.Ceiling(k * thicknessMm / dz - 1e-9), last = (int)Math.Ceiling((k + 1) * thicknessMm / dz - 1e-9) - 1;
            last = Math.Min(last, g.SizeZ - 1);
            int count = last - first + 1;
            var sum = new int[plane];
            for (int i = first; i <= last; i++)
                for (int p = 0; p < plane; p++) sum[p] += src[(long)i * plane + p];
            for (int p = 0; p < plane; p++) dst[(long)k * plane + p] = (short)Math.Round((double)sum[p] / count);
        });
        // The slab's centre: half a slab from the first native centre, less half a native step.
        var origin = g.Origin + g.AxisZ * (thicknessMm / 2 - dz / 2);
        var geometry = new VolumeGeometry(g.SizeX, g.SizeY, slabs, new Vec3(g.Spacing.X, g.Spacing.Y, thicknessMm), origin, g.AxisX, g.AxisY, g.AxisZ);
        return new CtVolume(new Volume<short>(geometry, dst), ct.Info with { SliceThicknessMm = thicknessMm }, ct.Warnings);
    }
}
