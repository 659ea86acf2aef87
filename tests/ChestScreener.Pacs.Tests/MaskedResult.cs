using ChestScreener.Imaging;
using ChestScreener.Imaging.Geometry;
using ChestScreener.Reports;
using ChestScreener.Results;

namespace ChestScreener.Pacs.Tests;

/// <summary>Stand-in analysis on the real grid of a read CT: one spherical "finding" (id 1) at a fixed voxel, with a matching result.</summary>
public static class MaskedResult
{
    public const int Radius = 3;

    /// <summary>Centre of the finding in voxels (column, row, slice), in the right lung of the phantom.</summary>
    public static (int X, int Y, int Z) Centre(VolumeGeometry g) => (g.SizeX / 2 - 13, g.SizeY / 2, g.SizeZ / 2);

    public static StudyArtifacts Make(CtVolume ct)
    {
        var g = ct.Geometry;
        var ids = ct.Hu.Like<byte>();
        var scores = ct.Hu.Like<float>();
        var (cx, cy, cz) = Centre(g);
        int[] min = [int.MaxValue, int.MaxValue, int.MaxValue], max = [-1, -1, -1];
        long voxels = 0;
        for (int z = 0; z < g.SizeZ; z++)
        for (int y = 0; y < g.SizeY; y++)
        for (int x = 0; x < g.SizeX; x++)
        {
            double dx = (x - cx) * g.Spacing.X, dy = (y - cy) * g.Spacing.Y, dz = (z - cz) * g.Spacing.Z;
            if (dx * dx + dy * dy + dz * dz > Math.Pow(Radius * g.Spacing.X, 2)) continue;
            ids[x, y, z] = 1;
            scores[x, y, z] = 0.95f;
            voxels++;
            min[0] = Math.Min(min[0], x); min[1] = Math.Min(min[1], y); min[2] = Math.Min(min[2], z);
            max[0] = Math.Max(max[0], x); max[1] = Math.Max(max[1], y); max[2] = Math.Max(max[2], z);
        }
        var lo = g.IndexToLps(min[0] - 0.5, min[1] - 0.5, min[2] - 0.5);
        var hi = g.IndexToLps(max[0] + 0.5, max[1] + 0.5, max[2] + 0.5);
        var c = g.IndexToLps(cx, cy, cz);
        double volume = voxels * g.VoxelVolumeMm3;
        var result = new StudyResult
        {
            Input = ct.Info.Source,
            Status = ResultStatus.Ok,
            StudyUid = ct.Info.StudyUid,
            SeriesUid = ct.Info.SeriesUid,
            Verdict = Verdict.Pathology,
            ProbabilityOfPathology = 0.91,
            AnomalousVolumeMm3 = Math.Round(volume, 1),
            Findings =
            [
                new Finding
                {
                    Id = 1, Region = "right_lung_middle", Regions = [new RegionShare("right_lung_middle", 1)],
                    VolumeMm3 = Math.Round(volume, 1), ScoreSum = voxels * 0.95, MaxScore = 0.95,
                    BboxMmLps = new BoxMm([Math.Min(lo.X, hi.X), Math.Min(lo.Y, hi.Y), Math.Min(lo.Z, hi.Z)], [Math.Max(lo.X, hi.X), Math.Max(lo.Y, hi.Y), Math.Max(lo.Z, hi.Z)]),
                    BboxVoxel = new BoxVoxel("column,row,slice", min, max),
                    CenterMmLps = [c.X, c.Y, c.Z],
                },
            ],
            Model = new ModelInfo("test-mask", "1"),
        };
        return new StudyArtifacts { Result = result, Ct = ct, FindingIds = ids, Scores = scores, Regions = ct.Hu.Like<byte>(), VoxelThreshold = 0.7, VolumeLimitMm3 = 1800 };
    }

    /// <summary>The slices (volume z) that hold finding voxels.</summary>
    public static List<int> MaskedSlices(Volume<byte> ids)
    {
        var list = new List<int>();
        for (int z = 0; z < ids.SizeZ; z++) if (ids.Slice(z).IndexOfAnyExcept((byte)0) >= 0) list.Add(z);
        return list;
    }
}
