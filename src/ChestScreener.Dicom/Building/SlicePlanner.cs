using System.Globalization;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Dicom.Building;

/// <summary>
/// Orders the frames of one series along the slice normal (ImageOrientationPatient x ImagePositionPatient, never file
/// names or InstanceNumber alone), drops duplicates and inconsistent frames, and finds tilt, irregular and missing steps.
/// </summary>
internal static class SlicePlanner
{
    /// <summary>Positions closer than this along the normal are the same slice.</summary>
    public const double DuplicateToleranceMm = 0.01;
    /// <summary>A step may differ this much (relative) from the median before the series counts as irregular.</summary>
    public const double StepTolerance = 0.02;
    /// <summary>A step longer than this many median steps means slices are missing.</summary>
    public const double MissingStepFactor = 1.5;

    public static StackPlan Plan(IReadOnlyList<SliceRef> frames)
    {
        if (frames.Count == 0) throw new ArgumentException("a series without frames cannot be planned", nameof(frames));
        var warnings = new List<string>();

        // 1) Keep the largest group with one matrix size, orientation and pixel spacing.
        var groups = frames.GroupBy(ConsistencyKey, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var kept = groups[0].ToList();
        int inconsistent = frames.Count - kept.Count;
        if (inconsistent > 0)
            warnings.Add($"{inconsistent} of {frames.Count} slices have a different matrix size, orientation or pixel spacing and were left out");

        var first = kept[0].Geometry;
        var row = first.RowDirection;
        var col = first.ColumnDirection;
        var normal = row.Cross(col).Normalized();
        int missingPositions = kept.Count(s => !s.Geometry.HasPosition);
        if (missingPositions > 0) warnings.Add($"{missingPositions} slices have no ImagePositionPatient/ImageOrientationPatient; their order comes from InstanceNumber");

        // 2) Sort along the normal; ties (duplicates) are broken by content-independent ids so file order never matters.
        var ordered = kept
            .Select(s => (Slice: s, Offset: s.Geometry.HasPosition ? s.Geometry.Position.Dot(normal) : s.Header.InstanceNumber * Math.Max(s.Header.SliceThicknessMm, 1.0)))
            .OrderBy(t => t.Offset)
            .ThenBy(t => t.Slice.Header.InstanceNumber)
            .ThenBy(t => t.Slice.Header.SopInstanceUid, StringComparer.Ordinal)
            .ThenBy(t => t.Slice.Header.Path, StringComparer.Ordinal)
            .ThenBy(t => t.Slice.Frame)
            .ToList();

        // 3) Duplicate positions: keep the first of each.
        var slices = new List<SliceRef>(ordered.Count);
        var offsets = new List<double>(ordered.Count);
        foreach (var (slice, offset) in ordered)
        {
            if (offsets.Count > 0 && offset - offsets[^1] < DuplicateToleranceMm) continue;
            slices.Add(slice);
            offsets.Add(offset);
        }
        int duplicates = ordered.Count - slices.Count;
        if (duplicates > 0)
            warnings.Add($"{duplicates} slices repeat a position already present and were left out (the lowest InstanceNumber was kept)");

        int n = slices.Count;
        var steps = new double[Math.Max(0, n - 1)];
        for (int k = 0; k + 1 < n; k++) steps[k] = offsets[k + 1] - offsets[k];
        double median = n > 1 ? Median(steps) : (first.HasPosition && slices[0].Header.SliceThicknessMm > 0 ? slices[0].Header.SliceThicknessMm : 1.0);
        double largest = steps.Length > 0 ? steps.Max() : median;

        bool irregular = false;
        var gaps = new List<string>();
        for (int k = 0; k < steps.Length; k++)
        {
            if (Math.Abs(steps[k] - median) > Math.Max(StepTolerance * median, 0.005)) irregular = true;
            // A step of about two or more whole steps is missing slices; any other odd step is irregular spacing.
            double ratio = steps[k] / median;
            if (ratio > MissingStepFactor && Math.Abs(ratio - Math.Round(ratio)) < 0.15)
                gaps.Add(string.Create(CultureInfo.InvariantCulture, $"{steps[k]:0.##} mm after slice {k}"));
        }
        if (gaps.Count > 0)
            warnings.Add($"missing slices: {gaps.Count} gap(s) longer than the usual {median.ToString("0.###", CultureInfo.InvariantCulture)} mm step ({string.Join(", ", gaps.Take(5))}); filled by interpolation");
        if (irregular && gaps.Count < steps.Count(st => Math.Abs(st - median) > Math.Max(StepTolerance * median, 0.005)))
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"irregular slice spacing (steps {steps.Min():0.###} to {largest:0.###} mm); resampled to {median:0.###} mm"));

        // 4) In-plane drift of the slice origins = gantry tilt (or a moving field of view).
        var p0 = slices[0].Geometry.Position;
        var shiftU = new double[n];
        var shiftV = new double[n];
        double sx = first.SpacingX, sy = first.SpacingY;
        double shiftTolerance = 0.05 * Math.Min(sx, sy);
        bool shifted = false;
        for (int k = 0; k < n; k++)
        {
            var d = slices[k].Geometry.Position - p0;
            shiftU[k] = Snap(d.Dot(row), shiftTolerance);
            shiftV[k] = Snap(d.Dot(col), shiftTolerance);
            if (shiftU[k] != 0 || shiftV[k] != 0) shifted = true;
        }
        double tilt = 0;
        if (shifted && n > 1 && offsets[^1] > offsets[0])
        {
            double drift = Math.Sqrt(shiftU[^1] * shiftU[^1] + shiftV[^1] * shiftV[^1]);
            tilt = Math.Atan2(drift, offsets[^1] - offsets[0]) * 180 / Math.PI;
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"gantry tilt of {tilt:0.#} degrees (slices are sheared); resampled onto an orthogonal grid perpendicular to the slices"));
        }

        bool resample = n > 1 && (irregular || shifted);
        int offCols = 0, offRows = 0, sizeX = slices[0].Header.Columns, sizeY = slices[0].Header.Rows, sizeZ = n;
        double spacingZ = n > 1 ? (offsets[^1] - offsets[0]) / (n - 1) : median;
        if (resample)
        {
            spacingZ = median;
            sizeZ = (int)Math.Round((offsets[^1] - offsets[0]) / median) + 1;
            offCols = (int)Math.Floor(shiftU.Min() / sx + 1e-6);
            offRows = (int)Math.Floor(shiftV.Min() / sy + 1e-6);
            sizeX += (int)Math.Ceiling(shiftU.Max() / sx - 1e-6) - offCols;
            sizeY += (int)Math.Ceiling(shiftV.Max() / sy - 1e-6) - offRows;
        }
        if (!(spacingZ > 0)) spacingZ = 1.0;
        var origin = p0 + row * (offCols * sx) + col * (offRows * sy);
        var output = new VolumeGeometry(sizeX, sizeY, sizeZ, new Vec3(sx, sy, spacingZ), origin, row, col, normal);

        return new StackPlan
        {
            Slices = slices,
            Offsets = offsets.ToArray(),
            ShiftU = shiftU,
            ShiftV = shiftV,
            Columns = slices[0].Header.Columns,
            Rows = slices[0].Header.Rows,
            RowDirection = row,
            ColumnDirection = col,
            Normal = normal,
            SpacingX = sx,
            SpacingY = sy,
            MedianStepMm = median,
            LargestGapMm = largest,
            TiltDegrees = tilt,
            NeedsResampling = resample,
            Output = output,
            OffsetColumns = offCols,
            OffsetRows = offRows,
            DuplicatesDropped = duplicates,
            InconsistentDropped = inconsistent,
            Warnings = warnings,
        };
    }

    private static string ConsistencyKey(SliceRef s)
    {
        var g = s.Geometry;
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Header.Columns}x{s.Header.Rows}|{R(g.RowDirection.X)},{R(g.RowDirection.Y)},{R(g.RowDirection.Z)},{R(g.ColumnDirection.X)},{R(g.ColumnDirection.Y)},{R(g.ColumnDirection.Z)}|{R(g.SpacingX)}x{R(g.SpacingY)}");
    }

    // Adding 0.0 turns -0 into +0 so that "-0" and "0" do not split a series.
    private static double R(double v) => Math.Round(v, 3) + 0.0;

    private static double Snap(double v, double tolerance) => Math.Abs(v) < tolerance ? 0 : v;

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        int m = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[m] : 0.5 * (sorted[m - 1] + sorted[m]);
    }
}
