using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ChestScreener.Dicom.Output;
using ChestScreener.Imaging;

namespace ChestScreener.Dicom.Writing;

/// <summary>
/// Writes a HU volume as a DICOM CT Image Storage series (one explicit-VR little-endian file per slice, signed 16-bit
/// stored values, RescaleSlope 1 / Intercept -1024), with ImagePositionPatient, ImageOrientationPatient and
/// PixelSpacing taken from the volume geometry, so that the project's GDCM reader rebuilds the same grid.
/// Plain managed code: the writer needs no native library and writes only the tags a CT reader needs.
/// </summary>
public static class CtSeriesWriter
{
    private const int Intercept = -1024;

    /// <summary>Writes IM00001.dcm ... into <paramref name="folder"/> (created); returns the file paths in slice order.</summary>
    public static List<string> Write(string folder, Volume<short> hu, SeriesTags tags)
    {
        Directory.CreateDirectory(folder);
        var g = hu.Geometry;
        var paths = new string[g.SizeZ];
        var normal = g.AxisX.Cross(g.AxisY);
        Parallel.For(0, g.SizeZ, new ParallelOptions { MaxDegreeOfParallelism = 2 }, z =>
        {
            var path = Path.Combine(folder, $"IM{z + 1:00000}.dcm");
            var position = g.IndexToLps(0, 0, z);
            string sop = DicomUids.FromName(tags.SeriesUid + "/" + z.ToString(CultureInfo.InvariantCulture));
            WriteSlice(path, hu.Slice(z), g.SizeX, g.SizeY, position, g, normal.Dot(position), sop, z + 1, tags);
            paths[z] = path;
        });
        return [.. paths];
    }

    private static void WriteSlice(string path, ReadOnlySpan<short> slice, int columns, int rows, Imaging.Geometry.Vec3 position,
        Imaging.Geometry.VolumeGeometry g, double sliceLocation, string sopUid, int instance, SeriesTags t)
    {
        var body = new MemoryStream(slice.Length * 2 + 2048);
        // ORIGINAL/PRIMARY: the reader analyses only original axial series, and these stand in for acquired scans.
        Str(body, 0x0008, 0x0008, "CS", "ORIGINAL\\PRIMARY\\AXIAL");
        Str(body, 0x0008, 0x0016, "UI", DicomUids.CtImage);
        Str(body, 0x0008, 0x0018, "UI", sopUid);
        Str(body, 0x0008, 0x0020, "DA", t.StudyDate);
        Str(body, 0x0008, 0x0060, "CS", "CT");
        Str(body, 0x0008, 0x0070, "LO", t.Manufacturer);
        Str(body, 0x0008, 0x103E, "LO", t.SeriesDescription);
        Str(body, 0x0010, 0x0010, "PN", t.PatientName);
        Str(body, 0x0010, 0x0020, "LO", t.PatientId);
        Str(body, 0x0018, 0x0015, "CS", "CHEST");
        Str(body, 0x0018, 0x0050, "DS", D(t.SliceThicknessMm));
        if (t.Kernel.Length > 0) Str(body, 0x0018, 0x1210, "SH", t.Kernel);
        Str(body, 0x0020, 0x000D, "UI", t.StudyUid);
        Str(body, 0x0020, 0x000E, "UI", t.SeriesUid);
        Str(body, 0x0020, 0x0010, "SH", t.StudyId);
        Str(body, 0x0020, 0x0011, "IS", "1");
        Str(body, 0x0020, 0x0013, "IS", instance.ToString(CultureInfo.InvariantCulture));
        Str(body, 0x0020, 0x0032, "DS", $"{D(position.X)}\\{D(position.Y)}\\{D(position.Z)}");
        Str(body, 0x0020, 0x0037, "DS", $"{D(g.AxisX.X)}\\{D(g.AxisX.Y)}\\{D(g.AxisX.Z)}\\{D(g.AxisY.X)}\\{D(g.AxisY.Y)}\\{D(g.AxisY.Z)}");
        Str(body, 0x0020, 0x0052, "UI", t.FrameOfReferenceUid);
        Str(body, 0x0020, 0x1041, "DS", D(sliceLocation));
        U16(body, 0x0028, 0x0002, 1);
        Str(body, 0x0028, 0x0004, "CS", "MONOCHROME2");
        U16(body, 0x0028, 0x0010, (ushort)rows);
        U16(body, 0x0028, 0x0011, (ushort)columns);
        // PixelSpacing is row spacing (between rows, along the column direction = AxisY) then column spacing.
        Str(body, 0x0028, 0x0030, "DS", $"{D(g.Spacing.Y)}\\{D(g.Spacing.X)}");
        U16(body, 0x0028, 0x0100, 16);
        U16(body, 0x0028, 0x0101, 16);
        U16(body, 0x0028, 0x0102, 15);
        U16(body, 0x0028, 0x0103, 1);
        Str(body, 0x0028, 0x1050, "DS", "-600");
        Str(body, 0x0028, 0x1051, "DS", "1500");
        Str(body, 0x0028, 0x1052, "DS", Intercept.ToString(CultureInfo.InvariantCulture));
        Str(body, 0x0028, 0x1053, "DS", "1");
        Str(body, 0x0028, 0x1054, "LO", "HU");
        var pixels = new byte[slice.Length * 2];
        for (int i = 0; i < slice.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan(i * 2), (short)(slice[i] - Intercept));
        Header(body, 0x7FE0, 0x0010, "OW", (uint)pixels.Length);
        body.Write(pixels);

        ExplicitVrWriter.WriteFile(path, DicomUids.CtImage, sopUid, body, DicomUids.Implementation, "CHESTSCREENER");
    }

    private static string D(double v) => Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture);

    private static void Str(Stream s, ushort g, ushort e, string vr, string value) => ExplicitVrWriter.String(s, g, e, vr, value);

    private static void U16(Stream s, ushort g, ushort e, ushort value) => ExplicitVrWriter.UInt16(s, g, e, value);

    private static void Header(Stream s, ushort g, ushort e, string vr, uint length) => ExplicitVrWriter.Header(s, g, e, vr, length);
}
