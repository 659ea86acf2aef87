using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Dicom.Gdcm;

/// <summary>
/// Per-frame geometry and rescale: classic single-frame tags, enhanced multi-frame functional groups (per-frame items
/// override shared ones, which override top-level tags), or a legacy multi-frame stack along the slice normal.
/// </summary>
internal static class FunctionalGroups
{
    public static IReadOnlyList<FrameGeometry> Read(gdcm.DataSet ds, int frames, Func<gdcm.Tag, string> top)
    {
        var topImageType = top(Tags.ImageType).ToUpperInvariant();
        var baseFrame = Build(
            top(Tags.ImagePositionPatient), top(Tags.ImageOrientationPatient), top(Tags.PixelSpacing),
            top(Tags.RescaleSlope), top(Tags.RescaleIntercept), topImageType);

        // Sequences may be parsed lazily into objects owned only by the smart pointer: keep them alive while items are used.
        using var sharedSq = Sequence(ds, Tags.SharedFunctionalGroups);
        using var perFrameSq = Sequence(ds, Tags.PerFrameFunctionalGroups);
        if (sharedSq is null && perFrameSq is null)
        {
            if (frames == 1) return [baseFrame];
            return LegacyStack(baseFrame, frames, top);
        }

        var sharedDs = sharedSq?.GetItem(1).GetNestedDataSet();
        var result = new FrameGeometry[frames];
        for (int f = 0; f < frames; f++)
        {
            gdcm.DataSet? frameDs = null;
            if (perFrameSq is not null && perFrameSq.GetNumberOfItems() > f) frameDs = perFrameSq.GetItem((uint)f + 1).GetNestedDataSet();
            string Pick(gdcm.Tag sequence, gdcm.Tag tag, string fallback)
            {
                var v = frameDs is null ? "" : FromSequence(frameDs, sequence, tag);
                if (v.Length == 0 && sharedDs is not null) v = FromSequence(sharedDs, sequence, tag);
                return v.Length == 0 ? fallback : v;
            }
            result[f] = Build(
                Pick(Tags.PlanePositionSequence, Tags.ImagePositionPatient, top(Tags.ImagePositionPatient)),
                Pick(Tags.PlaneOrientationSequence, Tags.ImageOrientationPatient, top(Tags.ImageOrientationPatient)),
                Pick(Tags.PixelMeasuresSequence, Tags.PixelSpacing, top(Tags.PixelSpacing)),
                Pick(Tags.PixelValueTransformationSequence, Tags.RescaleSlope, top(Tags.RescaleSlope)),
                Pick(Tags.PixelValueTransformationSequence, Tags.RescaleIntercept, top(Tags.RescaleIntercept)),
                Pick(Tags.CtImageFrameTypeSequence, Tags.FrameType, topImageType).ToUpperInvariant());
        }
        return result;
    }

    private static FrameGeometry[] LegacyStack(FrameGeometry first, int frames, Func<gdcm.Tag, string> top)
    {
        var step = GdcmSeam.ParseDouble(top(Tags.SpacingBetweenSlices)) ?? GdcmSeam.ParseDouble(top(Tags.SliceThickness)) ?? 1.0;
        if (!(step > 0)) step = 1.0;
        var normal = first.RowDirection.Cross(first.ColumnDirection).Normalized();
        var result = new FrameGeometry[frames];
        for (int f = 0; f < frames; f++) result[f] = first with { Position = first.Position + normal * (f * step) };
        return result;
    }

    private static FrameGeometry Build(string ipp, string iop, string spacing, string slope, string intercept, string imageType)
    {
        var p = GdcmSeam.ParseDoubles(ipp, 3);
        var o = GdcmSeam.ParseDoubles(iop, 6);
        var s = GdcmSeam.ParseDoubles(spacing, 2);
        var row = o is null ? new Vec3(1, 0, 0) : new Vec3(o[0], o[1], o[2]).Normalized();
        var col = o is null ? new Vec3(0, 1, 0) : new Vec3(o[3], o[4], o[5]).Normalized();
        if (row.Length < 0.5 || col.Length < 0.5 || Math.Abs(row.Dot(col)) > 0.1) { row = new Vec3(1, 0, 0); col = new Vec3(0, 1, 0); o = null; }
        double sx = s is not null && s[1] > 0 ? s[1] : 1.0;   // PixelSpacing is (between rows, between columns)
        double sy = s is not null && s[0] > 0 ? s[0] : 1.0;
        double m = GdcmSeam.ParseDouble(slope) ?? 1.0;
        if (m == 0) m = 1.0;
        double b = GdcmSeam.ParseDouble(intercept) ?? 0.0;
        bool localizer = imageType.Contains("LOCALIZER", StringComparison.Ordinal) || imageType.Contains("SCOUT", StringComparison.Ordinal);
        return new FrameGeometry(p is null ? default : new Vec3(p[0], p[1], p[2]), row, col, sx, sy, m, b, p is not null && o is not null, localizer);
    }

    private static gdcm.SmartPtrSQ? Sequence(gdcm.DataSet ds, gdcm.Tag sequence)
    {
        if (!ds.FindDataElement(sequence)) return null;
        var sq = ds.GetDataElement(sequence).GetValueAsSQ();
        if (sq is null) return null;
        if (sq.GetPointer() is not null && sq.GetNumberOfItems() > 0) return sq;
        sq.Dispose();
        return null;
    }

    private static string FromSequence(gdcm.DataSet ds, gdcm.Tag sequence, gdcm.Tag tag)
    {
        using var sq = Sequence(ds, sequence);
        return sq is null ? "" : GdcmSeam.NestedString(sq.GetItem(1).GetNestedDataSet(), tag);
    }
}
