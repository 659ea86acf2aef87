using ChestScreener.Imaging;
using ChestScreener.Results;
using SkiaSharp;

namespace ChestScreener.Reports.Images;

/// <summary>The pictures of a study: planes through each finding in the lung window with the finding outlined and boxed; an overview with scores as heat.</summary>
public static class KeyImages
{
    public static readonly SKColor OutlineColor = new(0, 255, 120);
    public static readonly SKColor BoxColor = new(0, 200, 255);

    /// <summary>The slice (z for axial, y for coronal, x for sagittal) that cuts the most voxels of finding <paramref name="id"/>.</summary>
    public static int BestSlice(Volume<byte> ids, Finding f, SlicePlane plane)
    {
        int axis = plane switch { SlicePlane.Axial => 2, SlicePlane.Coronal => 1, _ => 0 };
        int lo = f.BboxVoxel.Min[axis], hi = f.BboxVoxel.Max[axis];
        var counts = new long[hi - lo + 1];
        var g = ids.Geometry;
        var min = f.BboxVoxel.Min;
        var max = f.BboxVoxel.Max;
        for (int z = min[2]; z <= max[2]; z++)
        for (int y = min[1]; y <= max[1]; y++)
        {
            long row = g.Index(0, y, z);
            for (int x = min[0]; x <= max[0]; x++)
            {
                if (ids.Data[row + x] != f.Id) continue;
                int c = axis == 2 ? z : axis == 1 ? y : x;
                counts[c - lo]++;
            }
        }
        int best = 0;
        for (int i = 1; i < counts.Length; i++) if (counts[i] > counts[best]) best = i;
        return lo + best;
    }

    /// <summary>A plane through a finding: every finding cut by it outlined, this one boxed and numbered.</summary>
    /// <param name="numbers">False leaves the number off the box (the DICOM key images draw their own, larger).</param>
    public static SKBitmap Finding(SliceRenderer renderer, StudyArtifacts a, Finding f, SlicePlane plane, bool numbers = true)
    {
        int index = FindingSlice(a, f, plane);
        // No heat fill here: the reader must see the tissue under the outline.
        var bitmap = renderer.Render(plane, index, WindowPreset.Lung);
        if (a.FindingIds is not null) renderer.DrawOutline(bitmap, plane, index, a.FindingIds, 0, OutlineColor);
        SliceRenderer.DrawBoxes(bitmap, [(renderer.BoxOnPlane(plane, f.BboxVoxel.Min, f.BboxVoxel.Max), numbers ? f.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : "")], BoxColor);
        return bitmap;
    }

    /// <summary>A coronal overview through the top finding (or the middle of the scan), with region colours faint and all findings outlined.</summary>
    public static SKBitmap Overview(SliceRenderer renderer, StudyArtifacts a, bool numbers = true)
    {
        var findings = a.Result.Findings ?? [];
        int index = OverviewSlice(a);
        var bitmap = renderer.Render(SlicePlane.Coronal, index, WindowPreset.Lung, a.Regions, SliceRenderer.DefaultLabelColors,
            a.Scores, (float)a.VoxelThreshold, labelAlpha: 45);
        if (a.FindingIds is not null) renderer.DrawOutline(bitmap, SlicePlane.Coronal, index, a.FindingIds, 0, OutlineColor);
        var boxes = new List<(SKRect, string)>();
        foreach (var f in findings)
        {
            if (index >= f.BboxVoxel.Min[1] && index <= f.BboxVoxel.Max[1])
                boxes.Add((renderer.BoxOnPlane(SlicePlane.Coronal, f.BboxVoxel.Min, f.BboxVoxel.Max), numbers ? f.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""));
        }
        SliceRenderer.DrawBoxes(bitmap, boxes, BoxColor);
        return bitmap;
    }

    /// <summary>The coronal slice of <see cref="Overview"/>: through the top finding, or the middle of the scan.</summary>
    public static int OverviewSlice(StudyArtifacts a)
    {
        var findings = a.Result.Findings ?? [];
        return findings.Count > 0 && a.FindingIds is not null ? BestSlice(a.FindingIds, findings[0], SlicePlane.Coronal) : a.Ct!.Geometry.SizeY / 2;
    }

    /// <summary>The slice of <see cref="Finding"/> for this finding and plane.</summary>
    public static int FindingSlice(StudyArtifacts a, Finding f, SlicePlane plane) =>
        a.FindingIds is null ? Centre(f, plane) : BestSlice(a.FindingIds, f, plane);

    private static int Centre(Finding f, SlicePlane plane)
    {
        int axis = plane switch { SlicePlane.Axial => 2, SlicePlane.Coronal => 1, _ => 0 };
        return (f.BboxVoxel.Min[axis] + f.BboxVoxel.Max[axis]) / 2;
    }
}
