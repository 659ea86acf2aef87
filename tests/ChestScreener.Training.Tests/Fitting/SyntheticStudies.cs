using ChestScreener.Imaging.Geometry;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Data;
using ChestScreener.Training.Evaluation;
using ChestScreener.Training.Fitting;

namespace ChestScreener.Training.Tests.Fitting;

/// <summary>
/// Small fit inputs without a network: a 24^3 model grid (3 mm) of aerated lung (intensity 0.15, below the -500 HU lung
/// level) with a 3-voxel soft-tissue cube (0.59) at the centre inside a lesion box; two descriptor channels, the
/// first following the intensity, the second noise. Everything is seeded, so a test's numbers repeat.
/// </summary>
public static class SyntheticStudies
{
    public const int S = 24;
    public const int Dim = 2;
    public const float Lung = 0.15f, Lesion = 0.59f;

    public static bool InLesion(int x, int y, int z) => x is >= 11 and <= 13 && y is >= 11 and <= 13 && z is >= 11 and <= 13;

    /// <param name="noise">Standard deviation of the voxel noise on intensity (small, so that the lung mask is clean).</param>
    /// <param name="descriptorNoise">Standard deviation of the noise on the first descriptor channel.</param>
    public static StudyFeatures Study(string name, int seed, string patient, double noise = 0.02, double descriptorNoise = 0.02)
    {
        int n = S * S * S;
        var rng = new Random(seed);
        var intensity = new float[n];
        var desc = new float[Dim * n];
        for (int z = 0; z < S; z++)
        for (int y = 0; y < S; y++)
        for (int x = 0; x < S; x++)
        {
            int i = x + S * (y + S * z);
            intensity[i] = (InLesion(x, y, z) ? Lesion : Lung) + (float)(noise * Gauss(rng));
            desc[i] = intensity[i] * 4 + (float)(descriptorNoise * Gauss(rng));
            desc[n + i] = (float)Gauss(rng);
        }
        var body = new byte[n];
        Array.Fill(body, (byte)1);
        var pv = new PreprocessedVolume
        {
            Geometry = VolumeGeometry.Axial(S, S, S, new Vec3(3, 3, 3)),
            Intensity = intensity, Contrast = (float[])intensity.Clone(), Body = body,
            Map = new ModelGridMap { CtAxis = [0, 1, 2], CtStep = [1, 1, 1], Offset = new Vec3(0, 0, 0) }, BodyBox = [0, 0, 0, S - 1, S - 1, S - 1],
        };
        // The box spans voxel centres 11..13 (LPS 33..39 mm); widened by 15 mm it covers voxels 6..18.
        var box = new LpsBox(new Vec3(32, 32, 32), new Vec3(40, 40, 40));
        return new StudyFeatures(name, pv, desc, EvalMasks.Build(pv, [box], new PreprocessingConfig()), patient);
    }

    public static List<StudyFeatures> Three() => [Study("a", 1, "p1"), Study("b", 2, "p2"), Study("c", 3, "p3")];

    /// <summary>Settings small enough for a test: few samples, small mixtures, few EM iterations, no scoring margins.</summary>
    public static FitOptions Options(params VariantSpec[] variants) => new()
    {
        SamplesPerStudy = 1500, KCandidates = [1, 2], IntensityKCandidates = [1, 2], Iterations = 8, Threads = 1,
        AirwayMarginMm = -1, LungMarginMm = -1, EdgeMarginMm = 0,
        Variants = variants.Length > 0 ? variants : [new("Intensity", VariantSource.Intensity), new("Descriptor", VariantSource.Descriptor)],
    };

    private static double Gauss(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
