using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Imaging.Nifti;
using ChestScreener.Results;
using ChestScreener.Server.Processing;

namespace ChestScreener.Server.Testing;

/// <summary>
/// Stand-in analysis for tests and demos (<c>--processor fake</c>, registered by <see cref="FakeProcessorServices.AddFakeProcessor"/>): ignores the pixels and writes a synthetic chest with one
/// "finding" in the right upper lung, so the API and viewer can be exercised without a model. Never a real verdict.
/// An upload whose file names contain "not-chest" is rejected with not_chest, to show the rejection path.
/// </summary>
public sealed class FakeStudyProcessor(TimeSpan? stepDelay = null) : IStudyProcessor
{
    /// <summary>Grid of the synthetic volume: small enough to write in well under a second.</summary>
    public static readonly VolumeGeometry Grid = VolumeGeometry.Axial(128, 128, 64, new Vec3(2.8, 2.8, 5.0), new Vec3(-179.2, -179.2, -320));

    /// <summary>Voxel centre of the synthetic lesion (column, row, slice).</summary>
    public static readonly (int X, int Y, int Z) Lesion = (40, 54, 44);
    public const int LesionRadius = 6;

    private readonly TimeSpan _stepDelay = stepDelay ?? TimeSpan.FromMilliseconds(150);

    public async Task<ProcessedStudy> ProcessAsync(string studyInputFolder, string studyOutputFolder, IProgress<StudyProgress> progress, CancellationToken ct)
    {
        var started = DateTime.UtcNow;
        var files = Directory.GetFiles(studyInputFolder, "*", SearchOption.AllDirectories);
        if (files.Any(f => Path.GetFileName(f).Contains("not-chest", StringComparison.OrdinalIgnoreCase)))
            throw new ScreenerException(RejectionCode.NotChest, "the images do not show a chest (no lungs were found)");

        var stages = StageNames.All;
        for (var i = 0; i < stages.Count; i++)
        {
            progress.Report(new StudyProgress(stages[i], 100.0 * i / stages.Count));
            await Task.Delay(_stepDelay, ct);
        }

        var (hu, score, regions) = Synthesize();
        NiftiWriter.Write(Path.Combine(studyOutputFolder, StudyFiles.Volume), hu, "fake CT (HU)");
        NiftiWriter.Write(Path.Combine(studyOutputFolder, StudyFiles.VolumePreview), Reports.Nifti.PreviewVolume.Make(hu), "fake CT preview (HU)");
        NiftiWriter.Write(Path.Combine(studyOutputFolder, StudyFiles.Anomaly), score, "fake anomaly score");
        NiftiWriter.Write(Path.Combine(studyOutputFolder, StudyFiles.Regions), regions, "fake regions");
        await File.WriteAllBytesAsync(Path.Combine(studyOutputFolder, StudyFiles.ReportPdf), MinimalPdf.Make("ChestScreener fake report"), ct);

        var result = MakeResult(Path.GetFileName(files.FirstOrDefault() ?? studyInputFolder), (DateTime.UtcNow - started).TotalSeconds);
        ResultJson.WriteFile(Path.Combine(studyOutputFolder, StudyFiles.ResultJson), result);
        progress.Report(new StudyProgress(StageNames.Report, 100));
        return new ProcessedStudy(result, StudyFiles.All);
    }

    private static readonly Model.DecisionThresholds DefaultDecision = new();

    private static StudyResult MakeResult(string input, double seconds)
    {
        var g = Grid;
        var r = LesionRadius;
        var min = g.IndexToLps(Lesion.X - r - 0.5, Lesion.Y - r - 0.5, Lesion.Z - 4 - 0.5);
        var max = g.IndexToLps(Lesion.X + r + 0.5, Lesion.Y + r + 0.5, Lesion.Z + 4 + 0.5);
        var center = g.IndexToLps(Lesion.X, Lesion.Y, Lesion.Z);
        var volume = 4.0 / 3 * Math.PI * Math.Pow(r * g.Spacing.X, 3);
        return new StudyResult
        {
            Input = input,
            Status = ResultStatus.Ok,
            StudyUid = "2.25.1000000000000000000000001",
            SeriesUid = "2.25.1000000000000000000000002",
            Verdict = Verdict.Pathology,
            ProbabilityOfPathology = 0.93,
            AnomalousVolumeMm3 = Math.Round(volume, 1),
            VolumeLimitMm3 = 1800,
            // The default decision's voxel threshold, as a package without its own would use: the viewer draws the map with it.
            VoxelThreshold = DefaultDecision.VoxelThreshold,
            OtherAnomalousVolumeMm3 = 0,
            Patient = new PatientInfo { Name = "Synthetic, Test", Id = "FAKE-0001", Sex = "O", Age = "60 y", StudyDate = "2026-01-01", AccessionNumber = "FAKE-ACC-1", SeriesDescription = "fake processor (not a scan)" },
            Findings =
            [
                new Finding
                {
                    Id = 1, Region = "right_lung_upper", Regions = [new RegionShare("right_lung_upper", 1.0)],
                    VolumeMm3 = Math.Round(volume, 1), ScoreSum = 812.5, MaxScore = 0.99,
                    BboxMmLps = new BoxMm([min.X, min.Y, min.Z], [max.X, max.Y, max.Z]),
                    BboxVoxel = new BoxVoxel("column,row,slice", [Lesion.X - r, Lesion.Y - r, Lesion.Z - 4], [Lesion.X + r, Lesion.Y + r, Lesion.Z + 4]),
                    CenterMmLps = [center.X, center.Y, center.Z],
                    AnomalousVolumeMm3 = Math.Round(volume, 1),
                    LongestDiameterMm = Math.Round((2 * r + 1) * g.Spacing.X, 1),
                    SliceRange = [Lesion.Z - 4 + 1, Lesion.Z + 4 + 1],
                },
            ],
            Anatomy = new AnatomySummary { LungVolumeMl = new LungVolumes(2100, 2300), Checks = ["fake: no real anatomy was checked"] },
            TimingS = new Dictionary<string, double> { ["total"] = Math.Round(seconds, 3) },
            Model = new ModelInfo("fake", "0"),
            // The default decision's margins (both rules off: the whole body), as for the voxel threshold above.
            Scored = DefaultDecision.Scored,
            Warnings = ["synthetic result from the fake processor; not an analysis"],
        };
    }

    /// <summary>An ellipse of soft tissue with two air-filled lungs, a dense spine and a 'tumour' sphere; score high on the sphere.</summary>
    private static (Volume<short> Hu, Volume<float> Score, Volume<byte> Regions) Synthesize()
    {
        var g = Grid;
        var hu = new Volume<short>(g);
        var score = new Volume<float>(g);
        var regions = new Volume<byte>(g);
        double cx = g.SizeX / 2.0, cy = g.SizeY / 2.0;
        for (var z = 0; z < g.SizeZ; z++)
        {
            var huSlice = hu.Slice(z);
            var scoreSlice = score.Slice(z);
            var regionSlice = regions.Slice(z);
            for (var y = 0; y < g.SizeY; y++)
            {
                for (var x = 0; x < g.SizeX; x++)
                {
                    var i = y * g.SizeX + x;
                    double bx = (x - cx) / 56, by = (y - cy) / 40;
                    short value = -1000;
                    byte region = 0;
                    if (bx * bx + by * by < 1)
                    {
                        value = 40;
                        region = 9; // pleura_chest_wall
                        var lungX = x < cx ? (x - cx + 26) / 18.0 : (x - cx - 26) / 18.0;
                        var lungY = (y - cy + 2) / 28.0;
                        if (lungX * lungX + lungY * lungY < 1 && z > 4 && z < g.SizeZ - 4)
                        {
                            value = (short)(-850 + ((x * 7 + y * 13 + z * 3) % 40));
                            region = (byte)((x < cx ? 1 : 4) + Math.Min(2, (g.SizeZ - 1 - z) * 3 / g.SizeZ));
                        }
                        if (Math.Abs(x - cx) < 6 && y > cy + 22 && y < cy + 34) value = 700;
                    }
                    double dx = x - Lesion.X, dy = y - Lesion.Y, dz = (z - Lesion.Z) * g.Spacing.Z / g.Spacing.X;
                    var d = Math.Sqrt(dx * dx + dy * dy + dz * dz);
                    if (d <= LesionRadius) value = 35;
                    huSlice[i] = value;
                    scoreSlice[i] = (float)Math.Clamp(1.1 - d / (LesionRadius * 1.6), 0, 1) * (region == 0 ? 0 : 1);
                    regionSlice[i] = region;
                }
            }
        }
        return (hu, score, regions);
    }
}
