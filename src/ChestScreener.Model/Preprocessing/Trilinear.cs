using System.Numerics;

namespace ChestScreener.Model.Preprocessing;

/// <summary>Trilinear sampling of flat (x fastest) float grids, clamping to the edge or returning a pad value outside.</summary>
public static class Trilinear
{
    public static float Sample(ReadOnlySpan<float> data, int nx, int ny, int nz, double x, double y, double z, float pad) =>
        SampleCore(data, nx, ny, nz, x, y, z, pad);

    public static float Sample(ReadOnlySpan<short> data, int nx, int ny, int nz, double x, double y, double z, float pad) =>
        SampleCore(data, nx, ny, nz, x, y, z, pad);

    // One body for every voxel type; the JIT specialises it per value type, so the conversion costs nothing.
    private static float SampleCore<T>(ReadOnlySpan<T> data, int nx, int ny, int nz, double x, double y, double z, float pad)
        where T : unmanaged, INumberBase<T>
    {
        if (x < -0.5 || y < -0.5 || z < -0.5 || x > nx - 0.5 || y > ny - 0.5 || z > nz - 0.5) return pad;
        x = Math.Clamp(x, 0, nx - 1); y = Math.Clamp(y, 0, ny - 1); z = Math.Clamp(z, 0, nz - 1);
        int x0 = Math.Min((int)x, nx - 1), y0 = Math.Min((int)y, ny - 1), z0 = Math.Min((int)z, nz - 1);
        int x1 = Math.Min(x0 + 1, nx - 1), y1 = Math.Min(y0 + 1, ny - 1), z1 = Math.Min(z0 + 1, nz - 1);
        float fx = (float)(x - x0), fy = (float)(y - y0), fz = (float)(z - z0);
        long sl = (long)nx * ny;
        long b0 = z0 * sl, b1 = z1 * sl;
        float c00 = Lerp(At(data, b0 + y0 * nx + x0), At(data, b0 + y0 * nx + x1), fx);
        float c10 = Lerp(At(data, b0 + y1 * nx + x0), At(data, b0 + y1 * nx + x1), fx);
        float c01 = Lerp(At(data, b1 + y0 * nx + x0), At(data, b1 + y0 * nx + x1), fx);
        float c11 = Lerp(At(data, b1 + y1 * nx + x0), At(data, b1 + y1 * nx + x1), fx);
        return Lerp(Lerp(c00, c10, fy), Lerp(c01, c11, fy), fz);
    }

    /// <summary>
    /// Trilinear sampling over the <paramref name="valid"/> grid points only: the weights of the others are dropped and
    /// the rest renormalised, so a value next to unscored voxels is not pulled towards whatever they hold. 0 where no
    /// corner is valid or outside the grid.
    /// </summary>
    public static float SampleValid(ReadOnlySpan<float> data, ReadOnlySpan<byte> valid, int nx, int ny, int nz, double x, double y, double z)
    {
        if (x < -0.5 || y < -0.5 || z < -0.5 || x > nx - 0.5 || y > ny - 0.5 || z > nz - 0.5) return 0f;
        x = Math.Clamp(x, 0, nx - 1); y = Math.Clamp(y, 0, ny - 1); z = Math.Clamp(z, 0, nz - 1);
        int x0 = Math.Min((int)x, nx - 1), y0 = Math.Min((int)y, ny - 1), z0 = Math.Min((int)z, nz - 1);
        int x1 = Math.Min(x0 + 1, nx - 1), y1 = Math.Min(y0 + 1, ny - 1), z1 = Math.Min(z0 + 1, nz - 1);
        long sl = (long)nx * ny;
        // Inside the scored region (nearly every call) all eight corners are valid: plain trilinear.
        if ((valid[(int)(z0 * sl + y0 * nx + x0)] & valid[(int)(z0 * sl + y0 * nx + x1)] & valid[(int)(z0 * sl + y1 * nx + x0)] & valid[(int)(z0 * sl + y1 * nx + x1)]
            & valid[(int)(z1 * sl + y0 * nx + x0)] & valid[(int)(z1 * sl + y0 * nx + x1)] & valid[(int)(z1 * sl + y1 * nx + x0)] & valid[(int)(z1 * sl + y1 * nx + x1)]) != 0)
            return SampleCore(data, nx, ny, nz, x, y, z, 0f);
        double fx = x - x0, fy = y - y0, fz = z - z0;
        double sum = 0, weight = 0;
        for (int c = 0; c < 8; c++)
        {
            int cx = (c & 1) == 0 ? x0 : x1, cy = (c & 2) == 0 ? y0 : y1, cz = (c & 4) == 0 ? z0 : z1;
            long i = cz * sl + (long)cy * nx + cx;
            if (valid[(int)i] == 0) continue;
            double w = ((c & 1) == 0 ? 1 - fx : fx) * ((c & 2) == 0 ? 1 - fy : fy) * ((c & 4) == 0 ? 1 - fz : fz);
            sum += w * data[(int)i];
            weight += w;
        }
        return weight > 1e-9 ? (float)(sum / weight) : 0f;
    }

    private static float At<T>(ReadOnlySpan<T> data, long i) where T : unmanaged, INumberBase<T> => float.CreateTruncating(data[(int)i]);

    private static float Lerp(float a, float b, float t) => a + (b - a) * t;
}
