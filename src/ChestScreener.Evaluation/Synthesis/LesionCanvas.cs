using System.Runtime.CompilerServices;
using ChestScreener.Imaging;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// The study volume being edited plus its truth mask: every HU write goes through <see cref="Set"/>, which marks the
/// voxel in the mask, so "outside the mask nothing changed" holds by construction. Writes from different z slices may
/// run in parallel (each voxel is written by one thread).
/// </summary>
internal sealed class LesionCanvas
{
    /// <summary>Blend weights below this leave the voxel untouched (and outside the mask).</summary>
    public const double MinAlpha = 0.05;

    public LesionCanvas(Volume<short> hu, ulong noiseSeed, double noiseSd)
    {
        Hu = hu;
        Mask = hu.Like<byte>();
        NoiseSeed = noiseSeed;
        NoiseSd = noiseSd;
    }

    public Volume<short> Hu { get; }
    public Volume<byte> Mask { get; }
    public ulong NoiseSeed { get; }
    public double NoiseSd { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(long i, double hu)
    {
        Hu.Data[i] = (short)Math.Clamp(Math.Round(hu), -1024, 3071);
        Mask.Data[i] = 1;
    }

    /// <summary>Scan-matched noise for a voxel whose content was replaced with weight alpha: SD sqrt(1-(1-a)^2) x sigma, so
    /// that the original noise kept with weight (1-a) plus this one has the scan's SD.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Noise(int x, int y, int z, double alpha)
    {
        double keep = 1 - alpha;
        return NoiseSd * Math.Sqrt(Math.Max(0, 1 - keep * keep)) * ScanNoise.Correlated(NoiseSeed, x, y, z);
    }

    /// <summary>Replaces the voxel by tissue of HU <paramref name="target"/> with partial-volume weight alpha, adding matched noise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Replace(int x, int y, int z, long i, double alpha, double target)
    {
        if (alpha < MinAlpha) return;
        double old = Hu.Data[i];
        Set(i, old + alpha * (target - old) + Noise(x, y, z, alpha));
    }

    /// <summary>Raises lung parenchyma towards <paramref name="target"/> (ground glass) while leaving brighter voxels (vessels,
    /// walls) as they are: parenchyma texture and noise survive, as they do in real ground-glass opacity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void GroundGlass(long i, double alpha, double target, double parenchymaHu)
    {
        if (alpha < MinAlpha) return;
        double old = Hu.Data[i];
        double span = target - parenchymaHu;
        double w = span <= 0 ? 0 : Math.Clamp((target - old) / span, 0, 1);
        Set(i, old + alpha * w * span);
    }

    /// <summary>Smoothstep partial-volume weight of a signed distance (mm, negative inside) with edge width w (mm).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Edge(double sdf, double width)
    {
        double t = Math.Clamp(0.5 - sdf / width, 0, 1);
        return t * t * (3 - 2 * t);
    }
}
