using ChestScreener.Imaging;

namespace ChestScreener.Dicom.Building;

/// <summary>
/// Puts sheared (gantry tilt) or irregularly spaced slices onto the plan's orthogonal, evenly spaced grid: linear
/// between the two neighbouring slices along the normal, bilinear within each slice for its in-plane shift. Output
/// planes that coincide with an input slice and need no shift are copied exactly.
/// </summary>
internal static class StackResampler
{
    private const double Eps = 1e-6;

    public static void Resample(StackPlan plan, short[][] slices, Volume<short> output, ParallelOptions parallel)
    {
        var g = output.Geometry;
        var offsets = plan.Offsets;
        double step = g.Spacing.Z;
        double snap = 1e-3 * step;
        Parallel.For(0, g.SizeZ, parallel, k =>
        {
            double t = offsets[0] + k * step;
            int a = Array.BinarySearch(offsets, t);
            if (a < 0) a = Math.Max(0, ~a - 1);
            a = Math.Min(a, offsets.Length - 1);
            int b = Math.Min(a + 1, offsets.Length - 1);
            double w;
            if (Math.Abs(offsets[a] - t) <= snap) { w = 0; b = a; }
            else if (Math.Abs(offsets[b] - t) <= snap) { w = 0; a = b; }
            else w = b == a ? 0 : Math.Clamp((t - offsets[a]) / (offsets[b] - offsets[a]), 0, 1);

            var dest = output.Slice(k);
            for (int j = 0; j < g.SizeY; j++)
            {
                var row = dest.Slice(j * g.SizeX, g.SizeX);
                for (int i = 0; i < g.SizeX; i++)
                {
                    double va = Sample(plan, slices, a, i, j);
                    double v = w == 0 ? va : (1 - w) * va + w * Sample(plan, slices, b, i, j);
                    row[i] = (short)Math.Round(v, MidpointRounding.AwayFromZero);
                }
            }
        });
    }

    /// <summary>Bilinear value of input slice s at output pixel (i, j); air outside the slice.</summary>
    private static double Sample(StackPlan plan, short[][] slices, int s, int i, int j)
    {
        double x = i + plan.OffsetColumns - plan.ShiftU[s] / plan.SpacingX;
        double y = j + plan.OffsetRows - plan.ShiftV[s] / plan.SpacingY;
        int x0 = (int)Math.Floor(x + Eps), y0 = (int)Math.Floor(y + Eps);
        double fx = x - x0, fy = y - y0;
        if (Math.Abs(fx) < Eps) fx = 0;
        if (Math.Abs(fy) < Eps) fy = 0;
        int cols = plan.Columns, rows = plan.Rows;
        var src = slices[s];
        double P(int xx, int yy) => (uint)xx < (uint)cols && (uint)yy < (uint)rows ? src[yy * cols + xx] : CtVolume.AirHu;
        double top = fx == 0 ? P(x0, y0) : (1 - fx) * P(x0, y0) + fx * P(x0 + 1, y0);
        if (fy == 0) return top;
        double bottom = fx == 0 ? P(x0, y0 + 1) : (1 - fx) * P(x0, y0 + 1) + fx * P(x0 + 1, y0 + 1);
        return (1 - fy) * top + fy * bottom;
    }
}
