using ChestScreener.Imaging;

namespace ChestScreener.Dicom.Output;

/// <summary>
/// The anomaly mask as a binary DICOM Segmentation (one segment) on the source series' grid: one frame per source slice
/// that holds mask pixels, each with its plane position and a Derivation Image reference to that source instance.
/// </summary>
public static class SegWriter
{
    public const string FileName = "chestscreener-seg.dcm";

    /// <summary>What was written: the SOP Instance UID and the source slices (indices into the source images) that became frames.</summary>
    public sealed record Written(string SopInstanceUid, IReadOnlyList<int> SourceSlices);

    /// <summary>Writes the SEG into <paramref name="folder"/>; null (nothing written) when the mask is empty, as a SEG needs a frame.</summary>
    public static Written? Write(string folder, DicomResultContext ctx, Volume<byte> mask)
    {
        var src = ctx.Source;
        var frames = SourceGridMask.Map(mask, src);
        var used = new List<int>();
        for (int k = 0; k < frames.Length; k++) if (frames[k] is not null) used.Add(k);
        if (used.Count == 0) return null;

        var sop = DicomUids.New();
        var ds = DicomFileWriter.Common(ctx, DicomUids.Segmentation, sop, DicomUids.New(), "SEG", ctx.SegSeriesNumber, 1, "ChestScreener anomaly mask");
        var dimensionUid = DicomUids.New();
        ds.Add(DicomTags.ImageType, "CS", "DERIVED\\PRIMARY")
            .Add(DicomTags.DeviceSerialNumber, "LO", "0")
            .Add(DicomTags.FrameOfReferenceUid, "UI", src.FrameOfReferenceUid.Length > 0 ? src.FrameOfReferenceUid : DicomUids.New())
            .Add(DicomTags.PositionReferenceIndicator, "LO", "")
            .AddUs(DicomTags.SamplesPerPixel, 1)
            .Add(DicomTags.PhotometricInterpretation, "CS", "MONOCHROME2")
            .Add(DicomTags.NumberOfFrames, "IS", DicomDataSet.Is(used.Count))
            .AddUs(DicomTags.Rows, (ushort)src.Rows)
            .AddUs(DicomTags.Columns, (ushort)src.Columns)
            .AddUs(DicomTags.BitsAllocated, 1)
            .AddUs(DicomTags.BitsStored, 1)
            .AddUs(DicomTags.HighBit, 0)
            .AddUs(DicomTags.PixelRepresentation, 0)
            .Add(DicomTags.LossyImageCompression, "CS", "00")
            .Add(DicomTags.ContentLabel, "CS", "ANOMALY")
            .Add(DicomTags.ContentDescription, "LO", "Voxels the model scores as unlike normal chest tissue")
            .Add(DicomTags.ContentCreatorName, "PN", "ChestScreener")
            .Add(DicomTags.SegmentationType, "CS", "BINARY")
            .AddSequence(DicomTags.SegmentSequence, Segment(ctx))
            .AddSequence(DicomTags.DimensionOrganizationSequence, new DicomDataSet().Add(DicomTags.DimensionOrganizationUid, "UI", dimensionUid))
            .Add(DicomTags.DimensionOrganizationType, "CS", "3D")
            .AddSequence(DicomTags.DimensionIndexSequence,
                Dimension(dimensionUid, DicomTags.ReferencedSegmentNumber, DicomTags.SegmentIdentificationSequence, "Segment"),
                Dimension(dimensionUid, DicomTags.ImagePositionPatient, DicomTags.PlanePositionSequence, "Position"))
            .AddSequence(DicomTags.ReferencedSeriesSequence, DicomFileWriter.ReferencedSeries(ctx, DicomTags.ReferencedInstanceSequence))
            .AddSequence(DicomTags.SharedFunctionalGroupsSequence, new DicomDataSet()
                .AddSequence(DicomTags.PlaneOrientationSequence, new DicomDataSet().Add(DicomTags.ImageOrientationPatient, "DS",
                    DicomDataSet.Ds(src.RowDirection.X, src.RowDirection.Y, src.RowDirection.Z, src.ColumnDirection.X, src.ColumnDirection.Y, src.ColumnDirection.Z)))
                .AddSequence(DicomTags.PixelMeasuresSequence, new DicomDataSet()
                    .Add(DicomTags.SliceThickness, "DS", DicomDataSet.Ds(src.SliceThicknessMm))
                    .Add(DicomTags.SpacingBetweenSlices, "DS", DicomDataSet.Ds(SliceStep(src)))
                    // PixelSpacing is the row spacing (between rows) first, then the column spacing.
                    .Add(DicomTags.PixelSpacing, "DS", DicomDataSet.Ds(src.SpacingY, src.SpacingX))))
            .AddSequence(DicomTags.PerFrameFunctionalGroupsSequence, [.. PerFrame(src, used)])
            .AddBytes(DicomTags.PixelData, "OB", Pack(frames, used, src.Rows * src.Columns));

        DicomFileWriter.Write(Path.Combine(folder, FileName), ds, DicomUids.Segmentation, sop);
        return new Written(sop, used);
    }

    private static DicomDataSet Segment(DicomResultContext ctx) => new DicomDataSet()
        .AddSequence(DicomTags.AnatomicRegionSequence, DicomDataSet.Code("39607008", "SCT", "Lung"))
        .AddUs(DicomTags.SegmentNumber, 1)
        .Add(DicomTags.SegmentLabel, "LO", "Anomaly")
        .Add(DicomTags.SegmentDescription, "ST", "Findings of the anomaly detector (connected regions above the voxel threshold)")
        .AddSequence(DicomTags.SegmentedPropertyCategoryCodeSequence, DicomDataSet.Code("49755003", "SCT", "Morphologically abnormal structure"))
        .Add(DicomTags.SegmentAlgorithmType, "CS", "AUTOMATIC")
        .Add(DicomTags.SegmentAlgorithmName, "LO", ctx.ModelText)
        .AddUs(DicomTags.RecommendedDisplayCieLabValue, 55000, 10000, 50000)
        .AddSequence(DicomTags.SegmentedPropertyTypeCodeSequence, DicomDataSet.Code("52988006", "SCT", "Lesion"));

    private static DicomDataSet Dimension(string organisation, uint pointer, uint group, string label) => new DicomDataSet()
        .Add(DicomTags.DimensionOrganizationUid, "UI", organisation)
        .AddAt(DicomTags.DimensionIndexPointer, pointer)
        .AddAt(DicomTags.FunctionalGroupPointer, group)
        .Add(DicomTags.DimensionDescriptionLabel, "LO", label);

    private static IEnumerable<DicomDataSet> PerFrame(DicomSourceSeries src, List<int> used)
    {
        for (int f = 0; f < used.Count; f++)
        {
            var image = src.Images[used[f]];
            var source = DicomFileWriter.Reference(image)
                .AddSequence(DicomTags.PurposeOfReferenceCodeSequence, DicomDataSet.Code("121322", "DCM", "Source image for image processing operation"));
            yield return new DicomDataSet()
                .AddSequence(DicomTags.DerivationImageSequence, new DicomDataSet()
                    .AddSequence(DicomTags.SourceImageSequence, source)
                    .AddSequence(DicomTags.DerivationCodeSequence, DicomDataSet.Code("113076", "DCM", "Segmentation")))
                .AddSequence(DicomTags.FrameContentSequence, new DicomDataSet().AddUl(DicomTags.DimensionIndexValues, 1, (uint)(f + 1)))
                .AddSequence(DicomTags.PlanePositionSequence, new DicomDataSet().Add(DicomTags.ImagePositionPatient, "DS",
                    DicomDataSet.Ds(image.Position.X, image.Position.Y, image.Position.Z)))
                .AddSequence(DicomTags.SegmentIdentificationSequence, new DicomDataSet().AddUs(DicomTags.ReferencedSegmentNumber, 1));
        }
    }

    /// <summary>Frames one after another, 1 bit per pixel, least significant bit first, no padding between frames (PS3.5 8.1.1).</summary>
    private static byte[] Pack(byte[]?[] frames, List<int> used, int pixelsPerFrame)
    {
        long bits = (long)used.Count * pixelsPerFrame;
        var packed = new byte[(bits + 7) / 8];
        long bit = 0;
        foreach (var k in used)
        {
            var frame = frames[k]!;
            for (int p = 0; p < frame.Length; p++, bit++)
            {
                if (frame[p] != 0) packed[bit >> 3] |= (byte)(1 << (int)(bit & 7));
            }
        }
        return packed;
    }

    private static double SliceStep(DicomSourceSeries src)
    {
        if (src.Images.Count < 2) return src.SliceThicknessMm > 0 ? src.SliceThicknessMm : 1;
        var normal = src.RowDirection.Cross(src.ColumnDirection).Normalized();
        return Math.Abs(normal.Dot(src.Images[^1].Position - src.Images[0].Position)) / (src.Images.Count - 1);
    }
}
