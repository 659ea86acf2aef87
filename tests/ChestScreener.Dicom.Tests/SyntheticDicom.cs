using ChestScreener.Dicom.Writing;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ChestScreener.Dicom.Tests;

/// <summary>One synthetic CT slice to write: geometry, ids and a pixel filler (stored values).</summary>
internal sealed record SyntheticSlice
{
    public string SeriesUid { get; init; } = "1.2.826.0.1.3680043.99.1";
    public string StudyUid { get; init; } = "1.2.826.0.1.3680043.99.0";
    public string SopUid { get; init; } = SyntheticDicom.NextUid();
    public string Modality { get; init; } = "CT";
    public string BodyPart { get; init; } = "CHEST";
    public string ImageType { get; init; } = "ORIGINAL\\PRIMARY\\AXIAL";
    public string Kernel { get; init; } = "B30f";
    public int InstanceNumber { get; init; } = 1;
    public int Rows { get; init; } = 16;
    public int Columns { get; init; } = 16;
    public double[] Position { get; init; } = [0, 0, 0];
    public double[] Orientation { get; init; } = [1, 0, 0, 0, 1, 0];
    public double[] PixelSpacing { get; init; } = [0.5, 0.5];
    public double SliceThickness { get; init; } = 1;
    public double Slope { get; init; } = 1;
    public double Intercept { get; init; } = -1024;
    public int? PaddingValue { get; init; }
    public Func<int, int, short> Pixel { get; init; } = (_, _) => 1024;
}

/// <summary>Writes minimal explicit-VR little-endian CT files, enough for the reader's synthetic tests (no external tools).</summary>
internal static class SyntheticDicom
{
    private static long _counter;

    public static string NextUid() => "1.2.826.0.1.3680043.99.2." + Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture);

    public static void Write(string path, SyntheticSlice s)
    {
        var body = new MemoryStream();
        Str(body, 0x0008, 0x0008, "CS", s.ImageType);
        Str(body, 0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2");
        Str(body, 0x0008, 0x0018, "UI", s.SopUid);
        Str(body, 0x0008, 0x0060, "CS", s.Modality);
        Str(body, 0x0008, 0x0070, "LO", "Synthetic");
        Str(body, 0x0010, 0x0010, "PN", "Anonymous");
        if (s.BodyPart.Length > 0) Str(body, 0x0018, 0x0015, "CS", s.BodyPart);
        Str(body, 0x0018, 0x0050, "DS", D(s.SliceThickness));
        Str(body, 0x0018, 0x1210, "SH", s.Kernel);
        Str(body, 0x0020, 0x000D, "UI", s.StudyUid);
        Str(body, 0x0020, 0x000E, "UI", s.SeriesUid);
        Str(body, 0x0020, 0x0013, "IS", s.InstanceNumber.ToString(CultureInfo.InvariantCulture));
        Str(body, 0x0020, 0x0032, "DS", string.Join('\\', s.Position.Select(D)));
        Str(body, 0x0020, 0x0037, "DS", string.Join('\\', s.Orientation.Select(D)));
        U16(body, 0x0028, 0x0002, 1);
        Str(body, 0x0028, 0x0004, "CS", "MONOCHROME2");
        U16(body, 0x0028, 0x0010, (ushort)s.Rows);
        U16(body, 0x0028, 0x0011, (ushort)s.Columns);
        Str(body, 0x0028, 0x0030, "DS", string.Join('\\', s.PixelSpacing.Select(D)));
        U16(body, 0x0028, 0x0100, 16);
        U16(body, 0x0028, 0x0101, 16);
        U16(body, 0x0028, 0x0102, 15);
        U16(body, 0x0028, 0x0103, 1);
        if (s.PaddingValue is int pad)
        {
            Header(body, 0x0028, 0x0120, "SS", 2);
            Span<byte> b = stackalloc byte[2];
            BinaryPrimitives.WriteInt16LittleEndian(b, (short)pad);
            body.Write(b);
        }
        Str(body, 0x0028, 0x1052, "DS", D(s.Intercept));
        Str(body, 0x0028, 0x1053, "DS", D(s.Slope));
        var pixels = new byte[s.Rows * s.Columns * 2];
        for (int y = 0; y < s.Rows; y++)
            for (int x = 0; x < s.Columns; x++)
                BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan((y * s.Columns + x) * 2), s.Pixel(x, y));
        Header(body, 0x7FE0, 0x0010, "OW", (uint)pixels.Length);
        body.Write(pixels);

        WriteFile(path, "1.2.840.10008.5.1.4.1.1.2", s.SopUid, body);
    }

    /// <summary>
    /// Writes an enhanced CT (multi-frame, functional groups): shared pixel measures, orientation and rescale,
    /// per-frame plane positions; one frame per (z, stored value), in the order given.
    /// </summary>
    public static void WriteEnhanced(string path, IReadOnlyList<(double Z, short Value)> frames, int rows = 16, int columns = 16)
    {
        const string sopClass = "1.2.840.10008.5.1.4.1.1.2.1";
        var sop = NextUid();
        var body = new MemoryStream();
        Str(body, 0x0008, 0x0008, "CS", "ORIGINAL\\PRIMARY\\AXIAL");
        Str(body, 0x0008, 0x0016, "UI", sopClass);
        Str(body, 0x0008, 0x0018, "UI", sop);
        Str(body, 0x0008, 0x0060, "CS", "CT");
        Str(body, 0x0018, 0x0015, "CS", "CHEST");
        Str(body, 0x0020, 0x000D, "UI", "1.2.826.0.1.3680043.99.0");
        Str(body, 0x0020, 0x000E, "UI", "1.2.826.0.1.3680043.99.77");
        Str(body, 0x0020, 0x0013, "IS", "1");
        U16(body, 0x0028, 0x0002, 1);
        Str(body, 0x0028, 0x0004, "CS", "MONOCHROME2");
        Str(body, 0x0028, 0x0008, "IS", frames.Count.ToString(CultureInfo.InvariantCulture));
        U16(body, 0x0028, 0x0010, (ushort)rows);
        U16(body, 0x0028, 0x0011, (ushort)columns);
        U16(body, 0x0028, 0x0100, 16);
        U16(body, 0x0028, 0x0101, 16);
        U16(body, 0x0028, 0x0102, 15);
        U16(body, 0x0028, 0x0103, 1);
        // Shared functional groups: one item holding three single-item sequences.
        BeginSequence(body, 0x5200, 0x9229);
        BeginItem(body);
        BeginSequence(body, 0x0020, 0x9116); BeginItem(body); Str(body, 0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0"); EndItem(body); EndSequence(body);
        BeginSequence(body, 0x0028, 0x9110); BeginItem(body); Str(body, 0x0018, 0x0050, "DS", "2"); Str(body, 0x0028, 0x0030, "DS", "0.5\\0.5"); EndItem(body); EndSequence(body);
        BeginSequence(body, 0x0028, 0x9145); BeginItem(body); Str(body, 0x0028, 0x1052, "DS", "-1024"); Str(body, 0x0028, 0x1053, "DS", "1"); EndItem(body); EndSequence(body);
        EndItem(body);
        EndSequence(body);
        // Per-frame functional groups: the plane position of each frame.
        BeginSequence(body, 0x5200, 0x9230);
        foreach (var (z, _) in frames)
        {
            BeginItem(body);
            BeginSequence(body, 0x0020, 0x9113); BeginItem(body); Str(body, 0x0020, 0x0032, "DS", $"-4\\-4\\{D(z)}"); EndItem(body); EndSequence(body);
            EndItem(body);
        }
        EndSequence(body);
        var pixels = new byte[rows * columns * 2 * frames.Count];
        for (int f = 0; f < frames.Count; f++)
            for (int i = 0; i < rows * columns; i++)
                BinaryPrimitives.WriteInt16LittleEndian(pixels.AsSpan((f * rows * columns + i) * 2), frames[f].Value);
        Header(body, 0x7FE0, 0x0010, "OW", (uint)pixels.Length);
        body.Write(pixels);
        WriteFile(path, sopClass, sop, body);
    }

    private static void BeginSequence(Stream s, ushort g, ushort e) => Header(s, g, e, "SQ", 0xFFFFFFFF);
    private static void EndSequence(Stream s) => ItemTag(s, 0xE0DD, 0);
    private static void BeginItem(Stream s) => ItemTag(s, 0xE000, 0xFFFFFFFF);
    private static void EndItem(Stream s) => ItemTag(s, 0xE00D, 0);

    private static void ItemTag(Stream s, ushort element, uint length)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(b, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(b[2..], element);
        BinaryPrimitives.WriteUInt32LittleEndian(b[4..], length);
        s.Write(b);
    }

    private static void WriteFile(string path, string sopClass, string sop, MemoryStream body) =>
        ExplicitVrWriter.WriteFile(path, sopClass, sop, body, "1.2.826.0.1.3680043.99.9");

    private static string D(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    private static void Str(Stream s, ushort g, ushort e, string vr, string value) => ExplicitVrWriter.String(s, g, e, vr, value);

    private static void U16(Stream s, ushort g, ushort e, ushort value) => ExplicitVrWriter.UInt16(s, g, e, value);

    private static void Header(Stream s, ushort g, ushort e, string vr, uint length) => ExplicitVrWriter.Header(s, g, e, vr, length);
}
