namespace ChestScreener.Evaluation.Synthesis;

/// <summary>
/// A signed distance (mm, negative inside) of a nodule- or patch-like blob around the origin: a smooth union of a
/// main ellipsoid and satellite spheres (lobulation), a low-frequency surface ripple, and optional tapered spicules
/// radiating from the surface (a spiculated margin). Built once from a Random; evaluation is pure.
/// </summary>
public sealed class BlobShape
{
    private readonly double[] _cx, _cy, _cz, _r;
    private readonly double _ax, _ay, _az, _k;
    private readonly SmoothField _ripple, _fine;
    private readonly double _rippleMm;
    private readonly double[] _sa, _sb; // spicules: start xyz, end xyz (6 per spicule) and radii at both ends
    private readonly double[] _sr;

    /// <summary>
    /// <paramref name="radiusMm"/>: main radius; <paramref name="lobes"/>: satellite spheres; <paramref name="rippleFraction"/>:
    /// surface ripple amplitude as a fraction of the radius; <paramref name="spicules"/>: number of spicules;
    /// <paramref name="elongation"/>: largest axis ratio of the main ellipsoid.
    /// </summary>
    public BlobShape(Random rng, double radiusMm, int lobes, double rippleFraction, int spicules, double elongation = 1.2)
    {
        _ax = 1 + (elongation - 1) * rng.NextDouble();
        _ay = 1 + (elongation - 1) * rng.NextDouble();
        _az = 1 / Math.Sqrt(_ax * _ay);
        _cx = new double[lobes + 1]; _cy = new double[lobes + 1]; _cz = new double[lobes + 1]; _r = new double[lobes + 1];
        _r[0] = radiusMm * (lobes > 0 ? 0.85 : 1.0);
        for (int i = 1; i <= lobes; i++)
        {
            var (dx, dy, dz) = SmoothField.RandomDirection(rng);
            double d = radiusMm * (0.35 + 0.3 * rng.NextDouble());
            _cx[i] = dx * d; _cy[i] = dy * d; _cz[i] = dz * d;
            _r[i] = radiusMm * (0.4 + 0.25 * rng.NextDouble());
        }
        _k = 0.3 * radiusMm;
        _ripple = new SmoothField(rng, Math.Max(3, radiusMm * 1.2));
        _fine = new SmoothField(rng, Math.Max(2, radiusMm * 0.45)); // a second, finer scale: margins are irregular at every size
        _rippleMm = rippleFraction * radiusMm;
        _sa = new double[spicules * 3]; _sb = new double[spicules * 3]; _sr = new double[spicules * 2];
        for (int s = 0; s < spicules; s++)
        {
            var (dx, dy, dz) = SmoothField.RandomDirection(rng);
            double start = radiusMm * 0.8, length = radiusMm * (0.5 + 0.9 * rng.NextDouble()) + 2;
            var (jx, jy, jz) = SmoothField.RandomDirection(rng);
            double jitter = 0.25 * length;
            _sa[3 * s] = dx * start; _sa[3 * s + 1] = dy * start; _sa[3 * s + 2] = dz * start;
            _sb[3 * s] = dx * (start + length) + jx * jitter; _sb[3 * s + 1] = dy * (start + length) + jy * jitter; _sb[3 * s + 2] = dz * (start + length) + jz * jitter;
            _sr[2 * s] = 0.5 + 0.03 * radiusMm + 0.7 * rng.NextDouble();
            _sr[2 * s + 1] = 0.2;
        }
        double reach = radiusMm * Math.Max(_ax, Math.Max(_ay, _az)) + 1.5 * _rippleMm + 2;
        for (int i = 1; i <= lobes; i++) reach = Math.Max(reach, Math.Sqrt(_cx[i] * _cx[i] + _cy[i] * _cy[i] + _cz[i] * _cz[i]) + _r[i] + _rippleMm + 2);
        for (int s = 0; s < spicules; s++) reach = Math.Max(reach, Math.Sqrt(_sb[3 * s] * _sb[3 * s] + _sb[3 * s + 1] * _sb[3 * s + 1] + _sb[3 * s + 2] * _sb[3 * s + 2]) + 2);
        ReachMm = reach;
    }

    /// <summary>No point farther than this from the origin is inside (mm).</summary>
    public double ReachMm { get; }

    public double Sdf(double x, double y, double z)
    {
        double ex = x / _ax, ey = y / _ay, ez = z / _az;
        double d = Math.Sqrt(ex * ex + ey * ey + ez * ez) - _r[0];
        for (int i = 1; i < _r.Length; i++)
        {
            double dx = x - _cx[i], dy = y - _cy[i], dz = z - _cz[i];
            d = SmoothMin(d, Math.Sqrt(dx * dx + dy * dy + dz * dz) - _r[i], _k);
        }
        if (_rippleMm > 0) d += _rippleMm * (_ripple.Value(x, y, z) + 0.4 * _fine.Value(x, y, z));
        for (int s = 0; s < _sr.Length / 2; s++) d = Math.Min(d, Capsule(x, y, z, s));
        return d;
    }

    private double Capsule(double x, double y, double z, int s)
    {
        double ax = _sa[3 * s], ay = _sa[3 * s + 1], az = _sa[3 * s + 2];
        double bx = _sb[3 * s] - ax, by = _sb[3 * s + 1] - ay, bz = _sb[3 * s + 2] - az;
        double px = x - ax, py = y - ay, pz = z - az;
        double t = Math.Clamp((px * bx + py * by + pz * bz) / (bx * bx + by * by + bz * bz), 0, 1);
        double qx = px - t * bx, qy = py - t * by, qz = pz - t * bz;
        double r = _sr[2 * s] + t * (_sr[2 * s + 1] - _sr[2 * s]);
        return Math.Sqrt(qx * qx + qy * qy + qz * qz) - r;
    }

    private static double SmoothMin(double a, double b, double k)
    {
        double h = Math.Clamp(0.5 + 0.5 * (b - a) / k, 0, 1);
        return b + (a - b) * h - k * h * (1 - h);
    }
}
