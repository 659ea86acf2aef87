using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace ChestScreener.Reports.Table;

/// <summary>Writes the LCT summary table as summary.csv (RFC 4180, UTF-8) and summary.xlsx (MiniExcel), atomically.</summary>
public static class LctTable
{
    public static void WriteCsv(string path, IEnumerable<LctRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', LctRow.Columns).Append("\r\n");
        foreach (var row in rows)
        {
            var values = row.Values();
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(Escape(values[i]));
            }
            sb.Append("\r\n");
        }
        WriteAtomically(path, temp => File.WriteAllText(temp, sb.ToString(), new UTF8Encoding(false)));
    }

    public static void WriteXlsx(string path, IEnumerable<LctRow> rows) =>
        WriteAtomically(path, temp =>
        {
            using var stream = File.Create(temp);
            WriteXlsx(stream, rows);
        });

    /// <summary>Writes the xlsx to a stream (the server's export uses this too, so both tables stay the same).</summary>
    public static void WriteXlsx(Stream stream, IEnumerable<LctRow> rows)
    {
        // Dictionaries keep the contract's column order and let empty cells stay empty.
        var sheet = new List<Dictionary<string, object?>>();
        foreach (var row in rows)
        {
            var values = row.Values();
            var d = new Dictionary<string, object?>(values.Length);
            for (int i = 0; i < values.Length; i++) d[LctRow.Columns[i]] = values[i];
            sheet.Add(d);
        }
        object value = sheet;
        if (sheet.Count == 0)
        {
            // No rows: a table with the header only.
            var table = new System.Data.DataTable("studies");
            foreach (var c in LctRow.Columns) table.Columns.Add(c);
            value = table;
        }
        MiniExcel.SaveAs(stream, value, sheetName: "studies", excelType: ExcelType.XLSX);
    }

    private static string Escape(object? value)
    {
        var text = value switch
        {
            null => "",
            double d => d.ToString("0.####", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }

    private static void WriteAtomically(string path, Action<string> write)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
