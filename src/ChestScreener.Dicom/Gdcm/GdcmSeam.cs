using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using ChestScreener.Imaging.Geometry;

namespace ChestScreener.Dicom.Gdcm;

/// <summary>
/// The one class that talks to GDCM (Debian's gdcm-sharp binding): reads the tags of a file up to its pixel data, and
/// decodes pixel data in any transfer syntax GDCM supports. Everything else in the reader works on plain records. Files reach
/// GDCM only through <see cref="GdcmGate"/>, which walks their structure first.
/// </summary>
internal static class GdcmSeam
{
    private static readonly Lock InitLock = new();
    private static volatile bool _initialised;

    /// <summary>Sets up native library resolution and silences GDCM's own warning/error printing (we report errors ourselves).</summary>
    public static void EnsureInitialised()
    {
        if (_initialised) return;
        lock (InitLock)
        {
            if (_initialised) return;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(gdcm.Reader).Assembly, ResolveGlue);
            }
            catch (InvalidOperationException)
            {
                // A resolver is already set (e.g. by a host); the glue beside the app is then found the ordinary way.
            }
            gdcm.Trace.DebugOff();
            gdcm.Trace.WarningOff();
            gdcm.Trace.ErrorOff();
            _initialised = true;
        }
    }

    private static IntPtr ResolveGlue(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!name.Contains("gdcmsharpglue", StringComparison.Ordinal)) return IntPtr.Zero;
        foreach (var dir in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(typeof(GdcmSeam).Assembly.Location) ?? "", "/usr/lib/cli/gdcm-sharp-3.0" })
        {
            var candidate = Path.Combine(dir, "libgdcmsharpglue.so");
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        }
        return IntPtr.Zero;
    }

    /// <summary>Reads the tags before the pixel data; null when the file is not DICOM (or is DICOM without an image).</summary>
    public static DicomHeader? TryReadHeader(string path) => TryReadHeader(path, out _);

    /// <summary>
    /// As <see cref="TryReadHeader(string)"/>; <paramref name="damage"/> says why a file that starts like DICOM was refused.
    /// The structure is walked first: GDCM aborts the process on elements that run past the end of the file.
    /// </summary>
    public static DicomHeader? TryReadHeader(string path, out string? damage)
    {
        damage = null;
        using var reader = GdcmGate.Open(path, GdcmGate.Extent.TagsOnly, out var structure);
        if (reader is null)
        {
            if (structure.HeaderProblem is not null && structure.HasMagic) damage = structure.HeaderProblem;
            return null;
        }
        var file = reader.GetFile();
        var ds = file.GetDataSet();
        using var sf = new gdcm.StringFilter();
        sf.SetFile(file);

        string S(gdcm.Tag t) => ds.FindDataElement(t) ? (sf.ToString(t) ?? "").Trim().TrimEnd('\0').Trim() : "";
        int I(gdcm.Tag t, int fallback = 0) => ParseInt(S(t), fallback);

        var sopClass = S(Tags.SopClassUid);
        int rows = I(Tags.Rows), columns = I(Tags.Columns);
        // GDCM is lenient and parses many non-DICOM byte streams as an (empty) data set: demand the image basics.
        if (rows <= 0 || columns <= 0) return sopClass.Length > 0 || ds.FindDataElement(Tags.Modality) ? NonImage(path, S, sopClass) : null;

        var tsUid = S(Tags.TransferSyntaxUid);
        if (tsUid.Length == 0)
        {
            using var ts = file.GetHeader().GetDataSetTransferSyntax();
            tsUid = ts.IsValid() ? ts.GetString() ?? "" : "";
        }

        long position = reader.GetStreamCurrentPosition();
        // A pixel data element whose value is cut off still marks an image: decoding it then reports the damage.
        bool hasPixelData = (position > 0 && position < new FileInfo(path).Length) || structure.PixelProblem is not null;
        int frames = Math.Max(1, I(Tags.NumberOfFrames, 1));
        var frameGeometries = FunctionalGroups.Read(ds, frames, S);

        return new DicomHeader
        {
            Path = path,
            SopClassUid = sopClass,
            SopInstanceUid = S(Tags.SopInstanceUid),
            StudyUid = S(Tags.StudyInstanceUid),
            SeriesUid = S(Tags.SeriesInstanceUid),
            Modality = S(Tags.Modality).ToUpperInvariant(),
            BodyPartExamined = S(Tags.BodyPartExamined).ToUpperInvariant(),
            SeriesDescription = S(Tags.SeriesDescription),
            ImageType = SplitUpper(S(Tags.ImageType)),
            Manufacturer = S(Tags.Manufacturer),
            ConvolutionKernel = S(Tags.ConvolutionKernel),
            TransferSyntaxUid = tsUid,
            TransferSyntaxName = TransferSyntaxes.Name(tsUid),
            HasPixelData = hasPixelData,
            PixelDataOffset = hasPixelData ? position : -1,
            BitsStored = I(Tags.BitsStored),
            PixelRepresentation = I(Tags.PixelRepresentation),
            Rows = rows,
            Columns = columns,
            Frames = frames,
            SamplesPerPixel = I(Tags.SamplesPerPixel, 1),
            BitsAllocated = I(Tags.BitsAllocated),
            Photometric = S(Tags.PhotometricInterpretation).ToUpperInvariant(),
            InstanceNumber = I(Tags.InstanceNumber),
            AcquisitionNumber = I(Tags.AcquisitionNumber),
            SliceThicknessMm = ParseDouble(S(Tags.SliceThickness)) ?? 0,
            PixelPaddingValue = ParseDouble(S(Tags.PixelPaddingValue)),
            PixelPaddingRangeLimit = ParseDouble(S(Tags.PixelPaddingRangeLimit)),
            FrameGeometries = frameGeometries,
            PixelDataProblem = structure.PixelProblem,
            PixelDataLength = structure.PixelLength,
        };
    }

    private static DicomHeader NonImage(string path, Func<gdcm.Tag, string> s, string sopClass) => new()
    {
        Path = path,
        SopClassUid = sopClass,
        SopInstanceUid = s(Tags.SopInstanceUid),
        StudyUid = s(Tags.StudyInstanceUid),
        SeriesUid = s(Tags.SeriesInstanceUid),
        Modality = s(Tags.Modality).ToUpperInvariant(),
        SeriesDescription = s(Tags.SeriesDescription),
        HasPixelData = false,
    };

    /// <summary>Decodes all frames of a file; throws corrupt_file or unsupported_encoding naming the file.</summary>
    public static DecodedPixels Decode(string path, string transferSyntaxUid)
    {
        var name = Path.GetFileName(path);
        try
        {
            using var reader = GdcmGate.OpenImage(path, out var structure)
                ?? throw Failure(name, transferSyntaxUid, structure.HeaderProblem ?? structure.PixelProblem ?? "its pixel data cannot be read");
            var image = reader.GetImage();
            using var pf = image.GetPixelFormat();
            uint length = image.GetBufferLength();
            int columns = (int)image.GetDimension(0), rows = (int)image.GetDimension(1);
            int frames = image.GetNumberOfDimensions() > 2 ? (int)image.GetDimension(2) : 1;
            int bytesPerSample = (pf.GetBitsAllocated() + 7) / 8;
            long expected = (long)columns * rows * Math.Max(1, frames) * pf.GetSamplesPerPixel() * bytesPerSample;
            if (length == 0 || length < expected) throw Failure(name, transferSyntaxUid, $"its pixel data holds {length} bytes where {expected} are needed");
            // Pooled: decoded slices are large-object-heap sized; renting keeps peak memory near the volume itself.
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)length);
            if (!image.GetBuffer(buffer))
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                throw Failure(name, transferSyntaxUid, "its pixel data cannot be decoded");
            }
            using var pi = image.GetPhotometricInterpretation();
            return new DecodedPixels
            {
                Buffer = buffer,
                Columns = columns,
                Rows = rows,
                Frames = Math.Max(1, frames),
                BitsAllocated = pf.GetBitsAllocated(),
                BitsStored = pf.GetBitsStored(),
                Signed = pf.GetPixelRepresentation() == 1,
                SamplesPerPixel = pf.GetSamplesPerPixel(),
                Monochrome1 = (pi.toString() ?? "").Trim().StartsWith("MONOCHROME1", StringComparison.Ordinal),
                Pooled = true,
            };
        }
        catch (ScreenerException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Failure(name, transferSyntaxUid, "the decoder failed: " + e.Message);
        }
    }

    private static ScreenerException Failure(string name, string tsUid, string what) =>
        TransferSyntaxes.IsDecodable(tsUid)
            ? new ScreenerException(RejectionCode.CorruptFile, $"{name}: {what} (transfer syntax {TransferSyntaxes.Name(tsUid)}); the file is damaged, re-export or re-send the series") { FileName = name }
            : new ScreenerException(RejectionCode.UnsupportedEncoding, $"{name}: transfer syntax {TransferSyntaxes.Name(tsUid)} ({tsUid}) cannot be decoded here; re-export the series uncompressed or as JPEG/JPEG 2000/RLE") { FileName = name };

    internal static IReadOnlyList<string> SplitUpper(string value) =>
        value.Length == 0 ? [] : value.ToUpperInvariant().Split('\\', StringSplitOptions.TrimEntries);

    internal static int ParseInt(string s, int fallback = 0)
    {
        var first = s.Split('\\')[0].Trim();
        if (int.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Abs(d) < int.MaxValue ? (int)d : fallback;
    }

    internal static double? ParseDouble(string s)
    {
        var first = s.Split('\\')[0].Trim();
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
    }

    internal static double[]? ParseDoubles(string s, int count)
    {
        if (s.Length == 0) return null;
        var parts = s.Split('\\');
        if (parts.Length < count) return null;
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i])) return null;
        }
        return values;
    }

    /// <summary>The text of a string-valued element in a nested data set (DS/IS/CS are ASCII, so byte order does not matter).</summary>
    internal static string NestedString(gdcm.DataSet ds, gdcm.Tag tag)
    {
        if (!ds.FindDataElement(tag)) return "";
        using var de = ds.GetDataElement(tag);
        using var bv = de.GetByteValue();
        if (bv is null) return "";
        using var vl = bv.GetLength();
        uint length = (uint)vl;
        if (length == 0 || length > 1 << 16) return "";
        var bytes = new byte[length];
        if (!bv.GetBuffer(bytes, length)) return "";
        return Encoding.ASCII.GetString(bytes).Trim().TrimEnd('\0').Trim();
    }
}
