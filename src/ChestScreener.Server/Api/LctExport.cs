using ChestScreener.Reports.Table;
using ChestScreener.Results;

namespace ChestScreener.Server.Api;

/// <summary>The LCT table of all finished studies as xlsx: the same rows and columns as `screener analyze` writes.</summary>
public static class LctExport
{
    public static IReadOnlyList<string> Columns => LctRow.Columns;

    public static byte[] ToXlsx(IEnumerable<StudyResult> results)
    {
        using var stream = new MemoryStream();
        LctTable.WriteXlsx(stream, results.Select(LctRow.From));
        return stream.ToArray();
    }
}
