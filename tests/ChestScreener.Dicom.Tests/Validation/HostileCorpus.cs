using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ChestScreener.Dicom.Writing;

namespace ChestScreener.Dicom.Tests.Validation;

/// <summary>
/// Builds the bad inputs of issue 8 from small synthetic files (no shared data needed): damaged DICOM, absurd headers,
/// non-image objects, hostile zips and NIfTI headers. Also the seeds the fuzz tests mutate.
/// </summary>
internal static class HostileCorpus
{
    /// <summary>Enough slices at a wide step that a toy 16x16 series passes the default coverage checks (12 x 15 mm).</summary>
    public const int Slices = 12;
    public const double StepMm = 15;

    /// <summary>A valid 16x16 chest CT series (default checks pass) written into <paramref name="folder"/>; returns the files in z order.</summary>
    public static List<string> ChestSeries(string folder, Func<SyntheticSlice, SyntheticSlice>? edit = null, string prefix = "ct")
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        var series = SyntheticDicom.NextUid();
        for (int k = 0; k < Slices; k++)
        {
            var s = new SyntheticSlice { SeriesUid = series, InstanceNumber = k + 1, Position = [-4, -4, k * StepMm], Pixel = (x, y) => (short)(1024 + x + y) };
            if (edit is not null) s = edit(s);
            var path = Path.Combine(folder, $"{prefix}{k:D3}.dcm");
            SyntheticDicom.Write(path, s);
            files.Add(path);
        }
        return files;
    }

    /// <summary>Byte offset of the first element with this tag (explicit VR LE) after the preamble, or -1.</summary>
    public static int FindTag(byte[] file, ushort group, ushort element)
    {
        Span<byte> pattern = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(pattern, group);
        BinaryPrimitives.WriteUInt16LittleEndian(pattern[2..], element);
        int at = file.AsSpan(132).IndexOf(pattern);
        return at < 0 ? -1 : at + 132;
    }

    /// <summary>Offset of the first pixel byte (after the 12-byte OW header of 7FE0,0010).</summary>
    public static int PixelStart(byte[] file) => FindTag(file, 0x7FE0, 0x0010) + 12;

    /// <summary>Applies <paramref name="damage"/> to every file of a series.</summary>
    public static void Damage(IEnumerable<string> files, Func<byte[], byte[]> damage)
    {
        foreach (var f in files) File.WriteAllBytes(f, damage(File.ReadAllBytes(f)));
    }

    /// <summary>Sets a US element (e.g. Rows) in place.</summary>
    public static byte[] SetUInt16(byte[] file, ushort group, ushort element, ushort value)
    {
        int at = FindTag(file, group, element);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at + 8), value);
        return file;
    }

    /// <summary>Sets the 2-byte length of a short-form explicit VR element.</summary>
    public static byte[] SetShortLength(byte[] file, ushort group, ushort element, ushort length)
    {
        int at = FindTag(file, group, element);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at + 6), length);
        return file;
    }

    /// <summary>Replaces the two VR characters of an element.</summary>
    public static byte[] SetVr(byte[] file, ushort group, ushort element, string vr)
    {
        int at = FindTag(file, group, element);
        file[at + 4] = (byte)vr[0];
        file[at + 5] = (byte)vr[1];
        return file;
    }

    /// <summary>Inserts an element (already encoded) right before the pixel data.</summary>
    public static byte[] InsertBeforePixels(byte[] file, byte[] element)
    {
        int at = FindTag(file, 0x7FE0, 0x0010);
        return [.. file.AsSpan(0, at), .. element, .. file.AsSpan(at)];
    }

    public static byte[] Element(ushort group, ushort element, string vr, string value)
    {
        var s = new MemoryStream();
        ExplicitVrWriter.String(s, group, element, vr, value);
        return s.ToArray();
    }

    /// <summary>A non-image object: an X-Ray Radiation Dose SR (Modality SR) with a little content and no pixels.</summary>
    public static void DoseReport(string path)
    {
        const string sopClass = "1.2.840.10008.5.1.4.1.1.88.67";
        var sop = SyntheticDicom.NextUid();
        var body = new MemoryStream();
        ExplicitVrWriter.String(body, 0x0008, 0x0016, "UI", sopClass);
        ExplicitVrWriter.String(body, 0x0008, 0x0018, "UI", sop);
        ExplicitVrWriter.String(body, 0x0008, 0x0060, "CS", "SR");
        ExplicitVrWriter.String(body, 0x0020, 0x000D, "UI", "1.2.826.0.1.3680043.99.0");
        ExplicitVrWriter.String(body, 0x0020, 0x000E, "UI", SyntheticDicom.NextUid());
        ExplicitVrWriter.String(body, 0x0040, 0xA040, "CS", "CONTAINER");
        ExplicitVrWriter.String(body, 0x0040, 0xA050, "CS", "SEPARATE");
        ExplicitVrWriter.WriteFile(path, sopClass, sop, body, "1.2.826.0.1.3680043.99.9");
    }

    /// <summary>A zip with the given entries (optionally with unix modes, e.g. 0xA1FF for a symbolic link).</summary>
    public static string Zip(string path, params (string Name, byte[] Data)[] entries)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, data) in entries)
        {
            var e = zip.CreateEntry(name, CompressionLevel.Fastest);
            using var s = e.Open();
            s.Write(data);
        }
        return path;
    }

    /// <summary>A zip of a folder's files (flat names).</summary>
    public static string ZipFiles(string path, IEnumerable<string> files) =>
        Zip(path, files.Select(f => (Path.GetFileName(f), File.ReadAllBytes(f))).ToArray());

    /// <summary>A zip that holds a zip that holds ... <paramref name="depth"/> levels, the innermost holding <paramref name="payload"/>.</summary>
    public static string NestedZip(string path, int depth, byte[] payload)
    {
        byte[] inner = payload;
        string name = "slice.dcm";
        for (int level = 0; level < depth; level++)
        {
            var ms = new MemoryStream();
            using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(inner);
            }
            inner = ms.ToArray();
            name = $"level{level}.zip";
        }
        File.WriteAllBytes(path, inner);
        return path;
    }

    /// <summary>
    /// A little-endian NIfTI-1 header + float32 data: <paramref name="dims"/> as claimed, <paramref name="voxels"/> values
    /// actually written (fewer than claimed makes a truncated file), sform rows as given (null: pixdim only).
    /// </summary>
    public static byte[] Nifti(short[] dims, float[] voxels, float[]? sform = null, float voxOffset = 352, float[]? pixdim = null)
    {
        var h = new byte[348];
        BinaryPrimitives.WriteInt32LittleEndian(h, 348);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(40), 3);
        for (int i = 0; i < 3; i++) BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(42 + 2 * i), dims[i]);
        for (int i = 3; i < 7; i++) BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(42 + 2 * i), 1);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(70), 16);   // float32
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(72), 32);
        pixdim ??= [1, 1, 1];
        BinaryPrimitives.WriteSingleLittleEndian(h.AsSpan(76), 1);
        for (int i = 0; i < 3; i++) BinaryPrimitives.WriteSingleLittleEndian(h.AsSpan(80 + 4 * i), pixdim[i]);
        BinaryPrimitives.WriteSingleLittleEndian(h.AsSpan(108), voxOffset);
        BinaryPrimitives.WriteSingleLittleEndian(h.AsSpan(112), 1);
        if (sform is not null)
        {
            BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(254), 1);
            for (int i = 0; i < 12; i++) BinaryPrimitives.WriteSingleLittleEndian(h.AsSpan(280 + 4 * i), sform[i]);
        }
        Encoding.ASCII.GetBytes("n+1\0").CopyTo(h, 344);
        var data = new byte[voxels.Length * 4];
        for (int i = 0; i < voxels.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), voxels[i]);
        return [.. h, 0, 0, 0, 0, .. data];
    }

    /// <summary>
    /// The uploads that aborted the server through the identifier stripper (issue 20, finding 1), written into
    /// <paramref name="folder"/>: a file meta element with its VR turned into "EE" (ct_small: (0002,0016) "AE"; synthetic: (0002,0012) "UI"), and a file cut to 144 bytes
    /// (preamble, DICM, the meta group length). From synthetic slices always; from ct_small.dcm (byte 0x144 set to 69) and an
    /// LIDC slice as the issue reported them when the shared data is present.
    /// </summary>
    public static List<string> GdcmCrashers(string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        void Add(string name, byte[] bytes)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllBytes(path, bytes);
            files.Add(path);
        }
        var seed = Path.Combine(folder, "seed.tmp");
        SyntheticDicom.Write(seed, new SyntheticSlice());
        var slice = File.ReadAllBytes(seed);
        File.Delete(seed);
        Add("synthetic-meta-vr-ee.dcm", SetMetaVr(slice.ToArray(), 0x0012, "EE"));
        Add("synthetic-cut-144.dcm", slice[..144]);
        if (ChestScreener.Tests.TestData.DataRoot is { } data)
        {
            var ctSmall = Path.Combine(data, "syntax", "ct_small.dcm");
            if (File.Exists(ctSmall))
            {
                var bytes = File.ReadAllBytes(ctSmall);
                bytes[0x144] = 69;
                Add("ct_small-0x144-69.dcm", bytes);
            }
            var lidc = Path.Combine(data, "chest", "lidc-idri-0314");
            if (Directory.Exists(lidc) && Directory.GetFiles(lidc, "*.dcm").Order(StringComparer.Ordinal).FirstOrDefault() is { } first)
                Add("lidc-first-144-bytes.dcm", File.ReadAllBytes(first)[..144]);
        }
        return files;
    }

    /// <summary>Replaces the VR of a file meta element (group 0002, searched from byte 132).</summary>
    public static byte[] SetMetaVr(byte[] file, ushort element, string vr)
    {
        int at = FindTag(file, 0x0002, element);
        file[at + 4] = (byte)vr[0];
        file[at + 5] = (byte)vr[1];
        return file;
    }

    public static byte[] Gzip(byte[] data)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }
}
