using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ChestScreener.Dicom.Validation;

/// <summary>
/// Walks a file's element structure (tags, VRs, lengths, sequences, items, pixel fragments) without interpreting values,
/// before GDCM sees it. Debian's GDCM is built with assertions on: an element whose length runs past the end of the file
/// aborts the whole process (gdcmFileMetaInformation.cxx "is.good()"), so a truncated upload would take the server down.
/// Anything that does not walk cleanly is kept away from GDCM.
/// </summary>
internal static class DicomStructure
{
    private const uint Undefined = 0xFFFFFFFF;
    private const int MaxDepth = 32;
    private const int MaxElements = 2_000_000;
    /// <summary>A deflated data set is inflated in memory to be walked; more than this is refused.</summary>
    private const long MaxInflatedBytes = 256L << 20;

    /// <summary>
    /// Outcome: <see cref="HeaderProblem"/> set = do not parse; <see cref="PixelProblem"/> set = tags readable, pixels damaged;
    /// <see cref="PixelLength"/> = the defined length of the pixel data element (-1: none or encapsulated);
    /// <see cref="HasMagic"/> = the file starts with the DICOM preamble (so a problem means a damaged DICOM file).
    /// </summary>
    public readonly record struct Verdict(string? HeaderProblem, string? PixelProblem, long PixelLength = -1, bool HasMagic = false);

    public static Verdict Check(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            ISource source = new FileSource(handle);
            if (source.Length < 8) return new("the file is too short to be DICOM", null);
            bool magic = source.Length >= 132 && source.Ascii(128, 4) == "DICM";
            long start;
            Syntax meta;
            if (magic)
            {
                start = 132;
                meta = Syntax.ExplicitLittle;
            }
            else
            {
                start = 0;
                meta = GuessRaw(source);
            }
            var walker = new Walker(source);
            long dataSet = start;
            string transferSyntax = "";
            if (start == 132)
            {
                // File meta group: always explicit VR little endian; read its elements until the group changes.
                var metaEnd = walker.WalkMeta(start, out transferSyntax);
                if (walker.Problem is not null) return new(walker.Problem, null, -1, magic);
                dataSet = metaEnd;
            }
            var syntax = start == 132 ? FromUid(transferSyntax, source, dataSet) : meta;
            if (syntax == Syntax.Deflated)
            {
                var inflated = Inflate(handle, dataSet, source.Length);
                if (inflated is null) return new("its deflated data set cannot be inflated within the limit", null, -1, magic);
                var w = new Walker(new MemorySource(inflated));
                w.WalkDataSet(0, inflated.Length, Syntax.ExplicitLittle, 0, topLevel: true);
                return new(w.HeaderProblem, w.PixelProblem, w.PixelLength, magic);
            }
            walker.WalkDataSet(dataSet, source.Length, syntax, 0, topLevel: true);
            return new(walker.HeaderProblem, walker.PixelProblem, walker.PixelLength, magic);
        }
        catch (IOException e)
        {
            // Not e.Message: it quotes the full path, and this text reaches users of the server.
            return new(e is FileNotFoundException or DirectoryNotFoundException ? "it is gone (deleted while being read)" : "it cannot be read (input/output error)", null);
        }
        catch (UnauthorizedAccessException)
        {
            return new("it cannot be read (permission denied)", null);
        }
    }

    private static readonly HashSet<string> KnownVrs = new(StringComparer.Ordinal)
    {
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH",
        "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    };

    internal enum Syntax { ExplicitLittle, ImplicitLittle, ExplicitBig, Deflated }

    private static Syntax FromUid(string uid, ISource source, long at) => uid switch
    {
        "1.2.840.10008.1.2" => Syntax.ImplicitLittle,
        "1.2.840.10008.1.2.2" => Syntax.ExplicitBig,
        "1.2.840.10008.1.2.1.99" => Syntax.Deflated,
        "" => LooksExplicit(source, at) ? Syntax.ExplicitLittle : Syntax.ImplicitLittle,
        _ => Syntax.ExplicitLittle,
    };

    /// <summary>A raw data set without preamble: explicit when bytes 4-5 of the first element spell an upper-case VR.</summary>
    private static Syntax GuessRaw(ISource source) => LooksExplicit(source, 0) ? Syntax.ExplicitLittle : Syntax.ImplicitLittle;

    private static bool LooksExplicit(ISource source, long at)
    {
        if (at + 6 > source.Length) return false;
        Span<byte> b = stackalloc byte[2];
        source.Read(at + 4, b);
        return KnownVrs.Contains((char)b[0] + "" + (char)b[1]);
    }

    private static byte[]? Inflate(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long at, long length)
    {
        using var file = new FileStream(handle, FileAccess.Read);
        file.Position = at;
        using var deflate = new DeflateStream(file, CompressionMode.Decompress, leaveOpen: true);
        var output = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int n;
            while ((n = deflate.Read(buffer)) > 0)
            {
                output.Write(buffer, 0, n);
                if (output.Length > MaxInflatedBytes) return null;
            }
        }
        catch (InvalidDataException)
        {
            return null;
        }
        return output.ToArray();
    }

    internal interface ISource
    {
        long Length { get; }
        /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>; the caller has checked the range.</summary>
        void Read(long offset, Span<byte> buffer);
        string Ascii(long offset, int count)
        {
            Span<byte> b = stackalloc byte[count];
            Read(offset, b);
            return Encoding.ASCII.GetString(b);
        }
    }

    /// <summary>Reads through a 64 kB window, so walking the small elements of a header costs a few system calls.</summary>
    private sealed class FileSource(Microsoft.Win32.SafeHandles.SafeFileHandle handle) : ISource
    {
        private readonly byte[] _window = new byte[1 << 16];
        private long _windowStart = -1;
        private int _windowLength;

        public long Length { get; } = RandomAccess.GetLength(handle);

        public void Read(long offset, Span<byte> buffer)
        {
            if (_windowStart < 0 || offset < _windowStart || offset + buffer.Length > _windowStart + _windowLength)
            {
                _windowStart = offset;
                _windowLength = RandomAccess.Read(handle, _window, offset);
                if (_windowLength < buffer.Length) throw new IOException("short read");
            }
            _window.AsSpan((int)(offset - _windowStart), buffer.Length).CopyTo(buffer);
        }
    }

    private sealed class MemorySource(byte[] data) : ISource
    {
        public long Length => data.Length;
        public void Read(long offset, Span<byte> buffer) => data.AsSpan((int)offset, buffer.Length).CopyTo(buffer);
    }

    /// <summary>The recursive walk; the first problem found stops it.</summary>
    private sealed class Walker(ISource source)
    {
        private int _elements;

        /// <summary>First structural problem anywhere.</summary>
        public string? Problem { get; private set; }
        /// <summary>A problem before or outside the pixel data element: the tags cannot be trusted to GDCM.</summary>
        public string? HeaderProblem { get; private set; }
        /// <summary>A problem inside the top-level pixel data element: tags are fine, the pixels are not.</summary>
        public string? PixelProblem { get; private set; }
        /// <summary>Defined length of the top-level pixel data element; -1 when absent or encapsulated.</summary>
        public long PixelLength { get; private set; } = -1;

        private bool _inPixels;

        private bool Fail(string what)
        {
            Problem ??= what;
            if (_inPixels) PixelProblem ??= what;
            else HeaderProblem ??= what;
            return false;
        }

        public long WalkMeta(long at, out string transferSyntax)
        {
            transferSyntax = "";
            long declaredEnd = 0;
            Span<byte> h = stackalloc byte[12];
            while (at + 8 <= source.Length)
            {
                source.Read(at, h[..8]);
                ushort group = BinaryPrimitives.ReadUInt16LittleEndian(h);
                if (group != 0x0002) break;
                ushort element = BinaryPrimitives.ReadUInt16LittleEndian(h[2..]);
                long length, valueAt;
                if (!IsVr(h[4], h[5]))
                {
                    // Some writers put the meta group in implicit VR; GDCM copes, and so does the walk.
                    length = BinaryPrimitives.ReadUInt32LittleEndian(h[4..]);
                    valueAt = at + 8;
                }
                else if (LongForm(h[4], h[5]))
                {
                    if (at + 12 > source.Length) { Fail(Where(at, group, element, "is cut off")); return at; }
                    source.Read(at + 8, h[8..12]);
                    length = BinaryPrimitives.ReadUInt32LittleEndian(h[8..]);
                    valueAt = at + 12;
                }
                else
                {
                    length = BinaryPrimitives.ReadUInt16LittleEndian(h[6..]);
                    valueAt = at + 8;
                }
                if (length == Undefined || valueAt + length > source.Length) { Fail(Where(at, group, element, $"claims {length} bytes, past the end of the file")); return at; }
                if (element == 0x0010 && length is > 0 and < 128) transferSyntax = source.Ascii(valueAt, (int)length).TrimEnd('\0', ' ');
                if (element == 0x0000 && length == 4)
                {
                    source.Read(valueAt, h[8..12]);
                    declaredEnd = valueAt + 4 + BinaryPrimitives.ReadUInt32LittleEndian(h[8..]);
                }
                at = valueAt + length;
            }
            // GDCM asserts when the file ends inside or right after the meta group: demand a data set element after it.
            if (at + 8 > source.Length || declaredEnd > source.Length)
                Fail(string.Create(CultureInfo.InvariantCulture, $"the file ends inside or right after its meta header (byte {Math.Max(at, declaredEnd)} of {source.Length})"));
            return at;
        }

        /// <summary>Walks elements from <paramref name="at"/> to <paramref name="end"/>; with <paramref name="untilDelimiter"/> stops after an item delimiter. Returns where it stopped, or -1.</summary>
        public long WalkDataSet(long at, long end, Syntax syntax, int depth, bool topLevel = false, bool untilDelimiter = false)
        {
            if (depth > MaxDepth) { Fail($"sequences are nested more than {MaxDepth} deep"); return -1; }
            bool big = syntax == Syntax.ExplicitBig;
            bool isExplicit = syntax != Syntax.ImplicitLittle;
            Span<byte> h = stackalloc byte[12];
            while (at < end)
            {
                if (++_elements > MaxElements) { Fail($"it holds more than {MaxElements} elements"); return -1; }
                if (at + 8 > end) { Fail($"an element header at byte {at} is cut off by the end of the {(topLevel ? "file" : "sequence item")}"); return -1; }
                source.Read(at, h[..8]);
                ushort group = U16(h, big), element = U16(h[2..], big);
                if (group == 0xFFFE)
                {
                    if (element == 0xE00D && untilDelimiter) return at + 8;
                    Fail(Where(at, group, element, "is a stray item or delimiter tag"));
                    return -1;
                }
                long length, valueAt;
                bool sequence, pixels = topLevel && group == 0x7FE0 && element == 0x0010;
                if (isExplicit)
                {
                    if (!IsVr(h[4], h[5])) { Fail(Where(at, group, element, "has no valid VR")); return -1; }
                    if (LongForm(h[4], h[5]))
                    {
                        if (at + 12 > end) { Fail(Where(at, group, element, "is cut off")); return -1; }
                        source.Read(at + 8, h[8..12]);
                        length = U32(h[8..], big);
                        valueAt = at + 12;
                    }
                    else
                    {
                        length = U16(h[6..], big);
                        valueAt = at + 8;
                    }
                    sequence = h[4] == 'S' && h[5] == 'Q' || (length == Undefined && h[4] == 'U' && h[5] == 'N');
                }
                else
                {
                    length = U32(h[4..], big);
                    valueAt = at + 8;
                    sequence = length == Undefined && !pixels || (length >= 8 && StartsWithItem(valueAt, end, big));
                }
                if (pixels)
                {
                    _inPixels = true;
                    PixelLength = length == Undefined ? -1 : length;
                }
                long next;
                if (length == Undefined)
                {
                    // An undefined-length UN element holds an implicit VR little endian sequence (PS3.5 6.2.2).
                    var inner = isExplicit && h[4] == 'U' && h[5] == 'N' ? Syntax.ImplicitLittle : syntax;
                    next = pixels ? WalkFragments(valueAt, end, big) : sequence ? WalkItems(valueAt, end, inner, depth, undefinedLength: true) : Bad(at, group, element, "has an undefined length but is not a sequence");
                }
                else
                {
                    if (valueAt + length > end)
                    {
                        Fail(Where(at, group, element, string.Create(CultureInfo.InvariantCulture, $"claims {length} bytes but only {Math.Max(0, end - valueAt)} remain")));
                        return -1;
                    }
                    next = sequence && !pixels ? WalkItems(valueAt, valueAt + length, syntax, depth, undefinedLength: false) : valueAt + length;
                }
                if (pixels) _inPixels = false;
                if (next < 0) return -1;
                at = next;
            }
            if (untilDelimiter) { Fail("a sequence item has no end (item delimiter missing)"); return -1; }
            return at;
        }

        private long WalkItems(long at, long end, Syntax syntax, int depth, bool undefinedLength)
        {
            bool big = syntax == Syntax.ExplicitBig;
            Span<byte> h = stackalloc byte[8];
            while (at < end)
            {
                if (at + 8 > end) { Fail($"a sequence item header at byte {at} is cut off"); return -1; }
                source.Read(at, h);
                ushort group = U16(h, big), element = U16(h[2..], big);
                uint length = U32(h[4..], big);
                if (group != 0xFFFE) { Fail(Where(at, group, element, "stands where a sequence item should")); return -1; }
                if (element == 0xE0DD) return undefinedLength ? at + 8 : Bad(at, group, element, "ends a sequence of defined length");
                if (element != 0xE000) { Fail(Where(at, group, element, "stands where a sequence item should")); return -1; }
                long next;
                if (length == Undefined) next = WalkDataSet(at + 8, end, syntax, depth + 1, untilDelimiter: true);
                else if (at + 8 + length > end) { Fail($"a sequence item at byte {at} claims {length} bytes, past its end"); return -1; }
                else next = WalkDataSet(at + 8, at + 8 + length, syntax, depth + 1) < 0 ? -1 : at + 8 + length;
                if (next < 0) return -1;
                at = next;
            }
            if (undefinedLength) { Fail("a sequence has no end (sequence delimiter missing)"); return -1; }
            return at;
        }

        /// <summary>Encapsulated pixel data: items of defined length up to the sequence delimiter.</summary>
        private long WalkFragments(long at, long end, bool big)
        {
            Span<byte> h = stackalloc byte[8];
            while (at + 8 <= end)
            {
                source.Read(at, h);
                ushort group = U16(h, big), element = U16(h[2..], big);
                uint length = U32(h[4..], big);
                if (group == 0xFFFE && element == 0xE0DD) return at + 8;
                if (group != 0xFFFE || element != 0xE000 || length == Undefined) { Fail($"the compressed pixel data is damaged at byte {at} (no fragment item there)"); return -1; }
                if (at + 8 + length > end) { Fail(string.Create(CultureInfo.InvariantCulture, $"a compressed pixel fragment claims {length} bytes, past the end of the file")); return -1; }
                at += 8 + length;
            }
            Fail("the compressed pixel data is cut off (its end marker is missing)");
            return -1;
        }

        private bool StartsWithItem(long at, long end, bool big)
        {
            if (at + 8 > end) return false;
            Span<byte> h = stackalloc byte[4];
            source.Read(at, h);
            return U16(h, big) == 0xFFFE && U16(h[2..], big) == 0xE000;
        }

        private long Bad(long at, ushort group, ushort element, string what)
        {
            Fail(Where(at, group, element, what));
            return -1;
        }

        private static string Where(long at, ushort group, ushort element, string what) =>
            string.Create(CultureInfo.InvariantCulture, $"element ({group:X4},{element:X4}) at byte {at} {what}");

        /// <summary>Only the VRs of PS3.5: GDCM asserts ("Should not happen") on an unknown one in the meta group.</summary>
        private static bool IsVr(byte a, byte b) => KnownVrs.Contains((char)a + "" + (char)b);

        private static bool LongForm(byte a, byte b) => (a, b) switch
        {
            ((byte)'O', (byte)'B' or (byte)'D' or (byte)'F' or (byte)'L' or (byte)'V' or (byte)'W') => true,
            ((byte)'S', (byte)'Q' or (byte)'V') => true,
            ((byte)'U', (byte)'C' or (byte)'N' or (byte)'R' or (byte)'T' or (byte)'V') => true,
            _ => false,
        };

        private static ushort U16(ReadOnlySpan<byte> b, bool big) => big ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);
        private static uint U32(ReadOnlySpan<byte> b, bool big) => big ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
    }
}
