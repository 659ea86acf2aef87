using System.Globalization;

namespace ChestScreener.Dicom.Output;

/// <summary>
/// Key images (findings outlined and boxed, rendered by the report code) as Secondary Capture Image Storage instances in one
/// series of the original study; an axial plane references the source slice it was drawn from.
/// </summary>
public static class ScWriter
{
    public static string FileName(int index) => string.Create(CultureInfo.InvariantCulture, $"chestscreener-sc-{index:00}.dcm");

    /// <summary>Writes one file per image into <paramref name="folder"/>; returns the SOP Instance UIDs in order.</summary>
    public static List<string> Write(string folder, DicomResultContext ctx, IReadOnlyList<KeyImage> images)
    {
        var seriesUid = DicomUids.New();
        var uids = new List<string>();
        for (int n = 0; n < images.Count; n++)
        {
            var image = images[n];
            if (image.Rgb.Length != image.Width * image.Height * 3)
                throw new ArgumentException($"key image {n + 1} has {image.Rgb.Length} bytes, {image.Width}x{image.Height} RGB needs {image.Width * image.Height * 3}");
            var sop = DicomUids.New();
            var ds = DicomFileWriter.Common(ctx, DicomUids.SecondaryCapture, sop, seriesUid, "OT", ctx.ScSeriesNumber, n + 1, "ChestScreener key images");
            ds.Add(DicomTags.ImageType, "CS", "DERIVED\\SECONDARY")
                .Add(0x00200060, "CS", "") // Laterality (type 2C): the chest is not a paired part

                .Add(DicomTags.ConversionType, "CS", "WSD")
                .Add(DicomTags.PatientOrientation, "CS", image.PatientOrientation)
                .Add(DicomTags.DerivationDescription, "ST", image.Description)
                .AddUs(DicomTags.SamplesPerPixel, 3)
                .Add(DicomTags.PhotometricInterpretation, "CS", "RGB")
                .AddUs(DicomTags.PlanarConfiguration, 0)
                .AddUs(DicomTags.Rows, (ushort)image.Height)
                .AddUs(DicomTags.Columns, (ushort)image.Width)
                .AddUs(DicomTags.BitsAllocated, 8)
                .AddUs(DicomTags.BitsStored, 8)
                .AddUs(DicomTags.HighBit, 7)
                .AddUs(DicomTags.PixelRepresentation, 0)
                // Outlines, boxes and finding numbers are drawn into the pixels.
                .Add(DicomTags.BurnedInAnnotation, "CS", "YES")
                .Add(DicomTags.LossyImageCompression, "CS", "00")
                .AddBytes(DicomTags.PixelData, "OB", image.Rgb);
            if (image.SourceSlice is int k && k >= 0 && k < ctx.Source.Images.Count)
            {
                ds.AddSequence(DicomTags.SourceImageSequence, DicomFileWriter.Reference(ctx.Source.Images[k])
                    .AddSequence(DicomTags.PurposeOfReferenceCodeSequence, DicomDataSet.Code("121322", "DCM", "Source image for image processing operation")));
            }
            DicomFileWriter.Write(Path.Combine(folder, FileName(n + 1)), ds, DicomUids.SecondaryCapture, sop);
            uids.Add(sop);
        }
        return uids;
    }
}
