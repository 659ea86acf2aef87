using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Dicom.Building;

/// <summary>
/// How a series becomes a volume, worked out from the tags alone: the kept slices in order along the slice normal,
/// their offsets, and whether they go straight into the grid or must be resampled (tilt, irregular or missing steps).
/// </summary>
internal sealed class StackPlan
{
    public required IReadOnlyList<SliceRef> Slices { get; init; }
    /// <summary>Offset of each kept slice along the normal (mm), ascending.</summary>
    public required double[] Offsets { get; init; }
    /// <summary>In-plane offset of each slice's first pixel from slice 0's, along the row and column directions (mm).</summary>
    public required double[] ShiftU { get; init; }
    public required double[] ShiftV { get; init; }
    public required int Columns { get; init; }
    public required int Rows { get; init; }
    public required Vec3 RowDirection { get; init; }
    public required Vec3 ColumnDirection { get; init; }
    public required Vec3 Normal { get; init; }
    public required double SpacingX { get; init; }
    public required double SpacingY { get; init; }
    public required double MedianStepMm { get; init; }
    public required double LargestGapMm { get; init; }
    public required double TiltDegrees { get; init; }
    public required bool NeedsResampling { get; init; }
    /// <summary>The grid the volume is built on (orthogonal; equals the slice grid when no resampling is needed).</summary>
    public required VolumeGeometry Output { get; init; }
    /// <summary>Column/row index of the output grid's first voxel in slice 0's pixel grid (0 unless tilt widened it).</summary>
    public required int OffsetColumns { get; init; }
    public required int OffsetRows { get; init; }
    public required int DuplicatesDropped { get; init; }
    public required int InconsistentDropped { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Extent along the normal covered by the slices (first to last centre plus one step), in mm.</summary>
    public double CoverageMm => Offsets.Length == 0 ? 0 : Offsets[^1] - Offsets[0] + MedianStepMm;
}
