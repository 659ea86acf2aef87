using System.Globalization;
using ChestScreener.Dicom.Writing;
using ChestScreener.Imaging;

namespace ChestScreener.Dicom.Output;

/// <summary>
/// The modules every result instance shares (SOP common, patient and study copied from the source, series, equipment)
/// and the Part-10 file write itself (explicit VR little endian via <see cref="ExplicitVrWriter"/>).
/// </summary>
public static class DicomFileWriter
{
    /// <summary>Patient/study tags copied from the source with their VRs; the type 2 ones are written empty when absent.</summary>
    private static readonly (uint Tag, string Vr, bool Type2)[] StudyModule =
    [
        (DicomTags.StudyDate, "DA", true),
        (DicomTags.StudyTime, "TM", true),
        (DicomTags.AccessionNumber, "SH", true),
        (DicomTags.ReferringPhysicianName, "PN", true),
        (0x00081030, "LO", false), // StudyDescription
        (DicomTags.PatientName, "PN", true),
        (DicomTags.PatientId, "LO", true),
        (0x00100021, "LO", false), // IssuerOfPatientID
        (DicomTags.PatientBirthDate, "DA", true),
        (DicomTags.PatientSex, "CS", true),
        (0x00101010, "AS", false), // PatientAge
        (DicomTags.StudyId, "SH", true),
    ];

    /// <summary>SOP common, patient, general study, general series, general equipment and content date/time.</summary>
    public static DicomDataSet Common(DicomResultContext ctx, string sopClass, string sopInstance, string seriesUid,
        string modality, int seriesNumber, int instanceNumber, string seriesDescription)
    {
        var date = ctx.Created.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = ctx.Created.ToString("HHmmss", CultureInfo.InvariantCulture);
        var ds = new DicomDataSet()
            .Add(DicomTags.SpecificCharacterSet, "CS", "ISO_IR 192")
            .Add(DicomTags.InstanceCreationDate, "DA", date)
            .Add(DicomTags.InstanceCreationTime, "TM", time)
            .Add(DicomTags.SopClassUid, "UI", sopClass)
            .Add(DicomTags.SopInstanceUid, "UI", sopInstance)
            .Add(DicomTags.SeriesDate, "DA", date)
            .Add(DicomTags.SeriesTime, "TM", time)
            .Add(DicomTags.ContentDate, "DA", date)
            .Add(DicomTags.ContentTime, "TM", time)
            .Add(DicomTags.Modality, "CS", modality)
            .Add(DicomTags.Manufacturer, "LO", ctx.Manufacturer)
            .Add(DicomTags.SeriesDescription, "LO", seriesDescription)
            .Add(DicomTags.ManufacturerModelName, "LO", "ChestScreener")
            .Add(DicomTags.SoftwareVersions, "LO", Truncate(ctx.ModelText, 64))
            .Add(DicomTags.StudyInstanceUid, "UI", ctx.StudyUid)
            .Add(DicomTags.SeriesInstanceUid, "UI", seriesUid)
            .Add(DicomTags.SeriesNumber, "IS", DicomDataSet.Is(seriesNumber))
            .Add(DicomTags.InstanceNumber, "IS", DicomDataSet.Is(instanceNumber));
        foreach (var (tag, vr, type2) in StudyModule)
        {
            if (ctx.Source.StudyTags.TryGetValue(tag, out var value)) ds.Add(tag, vr, value);
            else if (type2) ds.Add(tag, vr, "");
        }
        return ds;
    }

    /// <summary>A reference item: Referenced SOP Class and Instance UIDs (and the frame for multi-frame sources).</summary>
    public static DicomDataSet Reference(SourceImage image)
    {
        var item = new DicomDataSet()
            .Add(DicomTags.ReferencedSopClassUid, "UI", image.SopClassUid)
            .Add(DicomTags.ReferencedSopInstanceUid, "UI", image.SopInstanceUid);
        if (image.FrameNumber > 0) item.Add(DicomTags.ReferencedFrameNumber, "IS", DicomDataSet.Is(image.FrameNumber));
        return item;
    }

    /// <summary>Referenced Series Sequence content: the source series with one item per distinct source instance.</summary>
    public static DicomDataSet ReferencedSeries(DicomResultContext ctx, uint instanceSequenceTag)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var items = new List<DicomDataSet>();
        foreach (var image in ctx.Source.Images)
        {
            if (!seen.Add(image.SopInstanceUid)) continue;
            items.Add(new DicomDataSet()
                .Add(DicomTags.ReferencedSopClassUid, "UI", image.SopClassUid)
                .Add(DicomTags.ReferencedSopInstanceUid, "UI", image.SopInstanceUid));
        }
        return new DicomDataSet()
            .Add(DicomTags.SeriesInstanceUid, "UI", ctx.SourceSeriesUid)
            .AddSequence(instanceSequenceTag, [.. items]);
    }

    /// <summary>The source image nearest to an LPS point along the slice normal (for "key image" references).</summary>
    public static SourceImage NearestImage(DicomSourceSeries source, double[] lps)
    {
        var normal = source.RowDirection.Cross(source.ColumnDirection).Normalized();
        double target = normal.Dot(new Imaging.Geometry.Vec3(lps[0], lps[1], lps[2]));
        var best = source.Images[0];
        double bestDistance = double.MaxValue;
        foreach (var image in source.Images)
        {
            double d = Math.Abs(normal.Dot(image.Position) - target);
            if (d < bestDistance) { bestDistance = d; best = image; }
        }
        return best;
    }

    /// <summary>Writes the data set as a Part-10 file (preamble, file meta, explicit VR little endian body).</summary>
    public static void Write(string path, DicomDataSet ds, string sopClass, string sopInstance)
    {
        var body = new MemoryStream();
        ds.WriteTo(body);
        ExplicitVrWriter.WriteFile(path, sopClass, sopInstance, body, DicomUids.Implementation, DicomUids.ImplementationVersion);
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
