using System.Runtime.CompilerServices;

namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// Reproducible CT-like noise: a hash of (seed, voxel) gives white noise (sum of four uniforms, unit SD), and a 3x3
/// in-plane average of it (rescaled to unit SD) gives the in-plane correlation of reconstructed CT noise. Any voxel can
/// be evaluated in any order or thread, so parallel insertion stays deterministic.
/// </summary>
public static class ScanNoise
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Correlated(ulong seed, int x, int y, int z)
    {
        float s = 0;
        for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++) s += White(seed, x + dx, y + dy, z);
        return s / 3f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float White(ulong seed, int x, int y, int z)
    {
        ulong h = Mix(seed ^ ((ulong)(uint)x * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)y * 0xC2B2AE3D27D4EB4FUL) ^ ((ulong)(uint)z * 0x165667B19E3779F9UL));
        float u = (h & 0xFFFF) + ((h >> 16) & 0xFFFF) + ((h >> 32) & 0xFFFF) + (h >> 48);
        // Four uniforms on [0, 65535]: mean 131070, SD 65536 * sqrt(4/12).
        return (u - 131070f) / (65536f * 0.57735027f);
    }

    /// <summary>SplitMix64 finaliser.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
