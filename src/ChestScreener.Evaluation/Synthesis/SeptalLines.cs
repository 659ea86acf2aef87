namespace ChestScreener.Evaluation.Synthesis;

/// <summary>Thickened interlobular septa for crazy paving: three families of thin planes (~1 mm) every 5-9 mm; value in [0,1].</summary>
internal sealed class SeptalLines(Random rng, double spacingMm)
{
    private readonly (double X, double Y, double Z)[] _normals =
        [SmoothField.RandomDirection(rng), SmoothField.RandomDirection(rng), SmoothField.RandomDirection(rng)];
    private readonly double[] _offsets = [rng.NextDouble(), rng.NextDouble(), rng.NextDouble()];
    private readonly double _spacing = spacingMm * (0.8 + 0.4 * rng.NextDouble());

    public double Value(double x, double y, double z)
    {
        double best = 0;
        for (int k = 0; k < 3; k++)
        {
            var n = _normals[k];
            double u = (n.X * x + n.Y * y + n.Z * z) / _spacing + _offsets[k];
            double d = Math.Abs(u - Math.Round(u)) * _spacing; // mm to the nearest plane
            best = Math.Max(best, Math.Exp(-d * d / (2 * 0.45 * 0.45)));
        }
        return best;
    }
}
