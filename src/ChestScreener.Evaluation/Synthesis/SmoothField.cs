namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// A smooth random 3-D field (a sum of plane waves with random directions and phases around one wavelength) with
/// roughly unit standard deviation: cheap, deterministic from the Random that built it, and evaluable anywhere.
/// </summary>
public sealed class SmoothField
{
    private readonly double[] _kx, _ky, _kz, _phase;
    private readonly double _norm;

    public SmoothField(Random rng, double wavelengthMm, int waves = 8)
    {
        _kx = new double[waves]; _ky = new double[waves]; _kz = new double[waves]; _phase = new double[waves];
        for (int i = 0; i < waves; i++)
        {
            var (dx, dy, dz) = RandomDirection(rng);
            double k = 2 * Math.PI / (wavelengthMm * (0.7 + 0.6 * rng.NextDouble()));
            _kx[i] = dx * k; _ky[i] = dy * k; _kz[i] = dz * k;
            _phase[i] = rng.NextDouble() * 2 * Math.PI;
        }
        _norm = Math.Sqrt(2.0 / waves);
    }

    /// <summary>Field value at a point (mm); mean 0, SD about 1.</summary>
    public double Value(double x, double y, double z)
    {
        double s = 0;
        for (int i = 0; i < _kx.Length; i++) s += Math.Cos(_kx[i] * x + _ky[i] * y + _kz[i] * z + _phase[i]);
        return s * _norm;
    }

    /// <summary>A uniformly distributed unit vector.</summary>
    public static (double X, double Y, double Z) RandomDirection(Random rng)
    {
        double z = 2 * rng.NextDouble() - 1, a = 2 * Math.PI * rng.NextDouble(), r = Math.Sqrt(1 - z * z);
        return (r * Math.Cos(a), r * Math.Sin(a), z);
    }
}
