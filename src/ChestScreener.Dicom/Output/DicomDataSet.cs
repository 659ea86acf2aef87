using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ChestScreener.Dicom.Writing;

namespace ChestScreener.Dicom.Output;

/// <summary>
/// A data set being built for writing: elements kept in tag order (DICOM requires ascending tags), nested sequences,
/// written in explicit VR little endian through <see cref="ExplicitVrWriter"/>. Text is UTF-8 (Specific Character Set
/// ISO_IR 192 is set by <see cref="DicomFileWriter"/>).
/// </summary>
public sealed class DicomDataSet
{
    private readonly SortedDictionary<uint, (string Vr, byte[]? Value, List<DicomDataSet>? Items)> _elements = [];

    public int Count => _elements.Count;

    public bool Contains(uint tag) => _elements.ContainsKey(tag);

    /// <summary>A string element (multiple values joined with a backslash by the caller).</summary>
    public DicomDataSet Add(uint tag, string vr, string value)
    {
        var bytes = (vr is "PN" or "LO" or "SH" or "ST" or "LT" or "UT" or "UC" ? Encoding.UTF8 : Encoding.ASCII).GetBytes(value);
        if (bytes.Length % 2 == 1) bytes = [.. bytes, (byte)(vr == "UI" ? 0 : ' ')];
        _elements[tag] = (vr, bytes, null);
        return this;
    }

    public DicomDataSet AddUs(uint tag, params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        _elements[tag] = ("US", bytes, null);
        return this;
    }

    public DicomDataSet AddUl(uint tag, params uint[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        _elements[tag] = ("UL", bytes, null);
        return this;
    }

    /// <summary>An attribute tag value (AT): group then element, each little endian.</summary>
    public DicomDataSet AddAt(uint tag, uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)(value >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), (ushort)(value & 0xFFFF));
        _elements[tag] = ("AT", bytes, null);
        return this;
    }

    /// <summary>Binary value (OB/OW); padded with a zero byte to even length.</summary>
    public DicomDataSet AddBytes(uint tag, string vr, byte[] value)
    {
        if (value.Length % 2 == 1) value = [.. value, 0];
        _elements[tag] = (vr, value, null);
        return this;
    }

    /// <summary>A sequence of items (may be empty: a type 2 sequence).</summary>
    public DicomDataSet AddSequence(uint tag, params DicomDataSet[] items)
    {
        _elements[tag] = ("SQ", null, [.. items]);
        return this;
    }

    /// <summary>Copies the elements of another data set (theirs replace ours on equal tags).</summary>
    public DicomDataSet Merge(DicomDataSet other)
    {
        foreach (var (tag, e) in other._elements) _elements[tag] = e;
        return this;
    }

    /// <summary>Writes every element; sequences and items take undefined length with delimiters (no length bookkeeping).</summary>
    public void WriteTo(Stream s)
    {
        foreach (var (tag, (vr, value, items)) in _elements)
        {
            ushort group = (ushort)(tag >> 16), element = (ushort)(tag & 0xFFFF);
            if (items is null)
            {
                ExplicitVrWriter.Header(s, group, element, vr, (uint)value!.Length);
                s.Write(value);
                continue;
            }
            ExplicitVrWriter.Header(s, group, element, "SQ", ExplicitVrWriter.UndefinedLength);
            foreach (var item in items)
            {
                ExplicitVrWriter.ItemTag(s, 0xE000, ExplicitVrWriter.UndefinedLength);
                item.WriteTo(s);
                ExplicitVrWriter.ItemTag(s, 0xE00D, 0);
            }
            ExplicitVrWriter.ItemTag(s, 0xE0DD, 0);
        }
    }

    /// <summary>A decimal string value: at most 16 characters, invariant culture.</summary>
    public static string Ds(double v)
    {
        var text = Math.Round(v, 6).ToString("0.######", CultureInfo.InvariantCulture);
        if (text.Length <= 16) return text;
        text = v.ToString("G10", CultureInfo.InvariantCulture);
        return text.Length <= 16 ? text : v.ToString("G8", CultureInfo.InvariantCulture);
    }

    /// <summary>Several decimal strings joined as a multi-valued DS.</summary>
    public static string Ds(params double[] values) => string.Join('\\', Array.ConvertAll(values, v => Ds(v)));

    public static string Is(int v) => v.ToString(CultureInfo.InvariantCulture);

    /// <summary>A Code Sequence item (Basic Coded Entry: value, scheme, meaning).</summary>
    public static DicomDataSet Code(string value, string scheme, string meaning) => new DicomDataSet()
        .Add(DicomTags.CodeValue, "SH", value)
        .Add(DicomTags.CodingSchemeDesignator, "SH", scheme)
        .Add(DicomTags.CodeMeaning, "LO", meaning);
}
