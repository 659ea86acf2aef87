using ChestScreener.Anatomy;
using ChestScreener.Cli.Commands;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Model;
using ChestScreener.Pipeline;
using ChestScreener.Pipeline.Stages;
using ChestScreener.Reports;
using ChestScreener.Results;

namespace ChestScreener.Cli.Tests;

/// <summary>
/// A pipeline on synthetic volumes whose behaviour is chosen by the input's file name: "reject*" -> not_ct,
/// "fail*" -> an unexpected exception, "normal*" -> no findings, anything else -> a right-lung lesion (pathology).
/// </summary>
public static class FakePipeline
{
    public static int Loads;

    public static StudyPipeline Create(AnalyzeSettings s) =>
        new(new Source(), new Anat(), new Anom(), new PipelineOptions { Threads = 1, Formats = s.Formats });

    /// <summary>A stable fake UID per name.</summary>
    public static string Uid(string name) => "1.2.826.0." + string.Join("", name.Select(c => ((int)c % 10).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static VolumeGeometry Grid => VolumeGeometry.Axial(32, 32, 24, new Vec3(3, 3, 3), new Vec3(-48, -48, -300));

    private sealed class Source : IVolumeSource
    {
        public CtVolume Load(IReadOnlyList<string> inputs)
        {
            Interlocked.Increment(ref Loads);
            var name = Path.GetFileName(inputs[0].TrimEnd('/'));
            if (name.StartsWith("reject", StringComparison.Ordinal)) throw new ScreenerException(RejectionCode.NotCt, "modality is MR, not CT");
            if (name.StartsWith("fail", StringComparison.Ordinal)) throw new InvalidOperationException("disk on fire");
            var hu = new Volume<short>(Grid);
            Array.Fill(hu.Data, (short)-800);
            return new CtVolume(hu, new ScanInfo { StudyUid = Uid(name), SeriesUid = Uid(name) + ".1", Modality = "CT", SeriesDescription = name });
        }
    }

    private sealed class Anat : IAnatomyStage
    {
        public AnatomyResult Analyze(CtVolume ct, int threads)
        {
            var labels = ct.Hu.Like<byte>();
            for (int z = 0; z < 24; z++) for (int y = 0; y < 32; y++) for (int x = 0; x < 32; x++) labels[x, y, z] = x < 16 ? RegionMap.RightLungUpper : RegionMap.LeftLungUpper;
            var body = ct.Hu.Like<byte>();
            Array.Fill(body.Data, (byte)1);
            return new AnatomyResult { Labels = labels, Body = body, LeftLungMl = 1, RightLungMl = 1 };
        }
    }

    private sealed class Anom : IAnomalyStage
    {
        public ModelInfo Model => new("fake", "0");
        public DecisionThresholds Decision { get; } = new();
        public Volume<float> Score(CtVolume ct, AnatomyResult anatomy)
        {
            var s = ct.Hu.Like<float>();
            if (!ct.Info.SeriesDescription.StartsWith("normal", StringComparison.Ordinal))
                for (int z = 8; z < 16; z++) for (int y = 10; y < 18; y++) for (int x = 4; x < 12; x++) s[x, y, z] = 0.9f; // 512 voxels * 27 mm3
            return s;
        }
        public void Dispose() { }
    }
}
