using ChestScreener.Anatomy;
using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Results;

namespace ChestScreener.Reports.Tests;

/// <summary>A small phantom chest (body ellipse, two lungs, a nodule in the right lung) with scores, ids and a matching result.</summary>
public static class SyntheticStudy
{
    public static StudyArtifacts Create(bool pathology = true, int findings = 1)
    {
        var g = VolumeGeometry.Axial(96, 80, 60, new Vec3(3.5, 3.5, 5), new Vec3(-166, -140, -600));
        var hu = new Volume<short>(g);
        var regions = new Volume<byte>(g);
        var scores = new Volume<float>(g);
        var ids = new Volume<byte>(g);
        Array.Fill(hu.Data, CtVolume.AirHu);
        for (int z = 0; z < g.SizeZ; z++)
        for (int y = 0; y < g.SizeY; y++)
        for (int x = 0; x < g.SizeX; x++)
        {
            double ex = (x - 48) / 44.0, ey = (y - 40) / 32.0;
            if (ex * ex + ey * ey > 1) continue;
            hu[x, y, z] = 40;
            regions[x, y, z] = RegionMap.PleuraChestWall;
            double lx = (x - 28) / 15.0, rx = (x - 68) / 15.0, ly = (y - 38) / 24.0;
            if (z > 5 && z < 56 && lx * lx + ly * ly < 1) { hu[x, y, z] = -850; regions[x, y, z] = z > 38 ? RegionMap.RightLungUpper : RegionMap.RightLungLower; }
            if (z > 5 && z < 56 && rx * rx + ly * ly < 1) { hu[x, y, z] = -850; regions[x, y, z] = z > 38 ? RegionMap.LeftLungUpper : RegionMap.LeftLungLower; }
        }
        var list = new List<Finding>();
        for (int k = 0; k < findings; k++)
        {
            int cx = 28 + 6 * k, cy = 34, cz = 45 - 8 * k, r = 4 - k % 2;
            int n = 0;
            for (int z = cz - r; z <= cz + r; z++)
            for (int y = cy - r; y <= cy + r; y++)
            for (int x = cx - r; x <= cx + r; x++)
            {
                if ((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz) > r * r) continue;
                hu[x, y, z] = 35; scores[x, y, z] = 0.92f; ids[x, y, z] = (byte)(k + 1); n++;
            }
            int[] min = [cx - r, cy - r, cz - r], max = [cx + r, cy + r, cz + r];
            var lo = g.IndexToLps(min[0] - 0.5, min[1] - 0.5, min[2] - 0.5);
            var hi = g.IndexToLps(max[0] + 0.5, max[1] + 0.5, max[2] + 0.5);
            var c = g.IndexToLps(cx, cy, cz);
            list.Add(new Finding
            {
                Id = k + 1, Region = "right_lung_upper", Regions = [new("right_lung_upper", 0.9), new("mediastinum", 0.1)],
                VolumeMm3 = n * g.VoxelVolumeMm3, ScoreSum = n * 0.92, MaxScore = 0.92,
                BboxMmLps = new BoxMm([lo.X, lo.Y, lo.Z], [hi.X, hi.Y, hi.Z]), BboxVoxel = new BoxVoxel("column,row,slice", min, max),
                CenterMmLps = [c.X, c.Y, c.Z],
            });
        }
        var result = new StudyResult
        {
            Input = "/data/studies/phantom-001.zip",
            StudyUid = "1.2.826.0.1.3680043.8.498.1",
            SeriesUid = "1.2.826.0.1.3680043.8.498.1.2",
            Verdict = pathology ? Verdict.Pathology : Verdict.Normal,
            ProbabilityOfPathology = pathology ? 0.97 : 0.03,
            AnomalousVolumeMm3 = pathology ? 3900 : 120,
            Findings = pathology ? list : [],
            Anatomy = new AnatomySummary { LungVolumeMl = new LungVolumes(2100, 2300), Checks = ["two lungs", "heart between them"] },
            TimingS = new() { ["load"] = 1.2, ["anatomy"] = 2.3, ["model"] = 7.9, ["findings"] = 0.2 },
            Model = new ModelInfo("screener-v1", "1.0.0"),
            Scored = ScoredRegion.From(airwayMarginMm: 6, lungMarginMm: 10),
            Warnings = ["phantom"],
        };
        var info = new ScanInfo { StudyUid = result.StudyUid, SeriesUid = result.SeriesUid, Modality = "CT", Manufacturer = "Phantom", SliceThicknessMm = 5 };
        return new StudyArtifacts
        {
            Result = result, Ct = new CtVolume(hu, info), Regions = regions, Scores = pathology ? scores : scores.Like<float>(),
            FindingIds = pathology ? ids : ids.Like<byte>(),
            VoxelThreshold = 0.7, VolumeLimitMm3 = 1800,
        };
    }
}
