namespace ChestScreener.Pacs.Tests;

/// <summary>Reads written DICOM back with GDCM (Debian's gdcm-sharp): top-level strings, sequences and decoded pixels.</summary>
public sealed class GdcmReadBack : IDisposable
{
    private readonly gdcm.Reader _reader = new();
    private readonly gdcm.StringFilter _filter = new();

    public GdcmReadBack(string path)
    {
        _reader.SetFileName(path);
        Assert.True(_reader.Read(), $"GDCM cannot read {path}");
        _filter.SetFile(_reader.GetFile());
    }

    public gdcm.DataSet DataSet => _reader.GetFile().GetDataSet();

    public string String(ushort group, ushort element) => String(DataSet, group, element);

    public string String(gdcm.DataSet ds, ushort group, ushort element)
    {
        var tag = new gdcm.Tag(group, element);
        if (!ds.FindDataElement(tag)) return "";
        var de = ds.GetDataElement(tag);
        var bv = de.GetByteValue();
        if (bv is null) return "";
        uint length = (uint)bv.GetLength();
        var bytes = new byte[length];
        bv.GetBuffer(bytes, length);
        return System.Text.Encoding.UTF8.GetString(bytes).TrimEnd('\0', ' ');
    }

    /// <summary>The items of a sequence as nested data sets (empty when absent).</summary>
    public static List<gdcm.DataSet> Items(gdcm.DataSet ds, ushort group, ushort element)
    {
        var tag = new gdcm.Tag(group, element);
        var list = new List<gdcm.DataSet>();
        if (!ds.FindDataElement(tag)) return list;
        var sq = ds.GetDataElement(tag).GetValueAsSQ();
        if (sq is null) return list;
        for (uint i = 1; i <= sq.GetNumberOfItems(); i++) list.Add(sq.GetItem(i).GetNestedDataSet());
        return list;
    }

    /// <summary>Decodes the pixel data with GDCM's image reader; returns dimensions, samples per pixel and the raw buffer.</summary>
    public static (int Columns, int Rows, int Frames, int Samples, byte[] Buffer) Pixels(string path)
    {
        using var reader = new gdcm.ImageReader();
        reader.SetFileName(path);
        Assert.True(reader.Read(), $"GDCM cannot read the image in {path}");
        var image = reader.GetImage();
        var pf = image.GetPixelFormat();
        var buffer = new byte[image.GetBufferLength()];
        Assert.True(image.GetBuffer(buffer), "GDCM cannot decode the pixels");
        int frames = image.GetNumberOfDimensions() > 2 ? (int)image.GetDimension(2) : 1;
        return ((int)image.GetDimension(0), (int)image.GetDimension(1), frames, pf.GetSamplesPerPixel(), buffer);
    }

    public void Dispose()
    {
        _filter.Dispose();
        _reader.Dispose();
    }
}
