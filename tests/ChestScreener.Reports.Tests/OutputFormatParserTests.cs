namespace ChestScreener.Reports.Tests;

public class OutputFormatParserTests
{
    [Fact]
    public void Parses_lists_always_adds_json_and_names_bad_entries()
    {
        Assert.Equal(OutputFormats.Json | OutputFormats.Pdf | OutputFormats.Nifti, OutputFormatParser.Parse("pdf, NIFTI"));
        Assert.Equal(OutputFormats.Default, OutputFormatParser.Parse(null));
        Assert.Equal(OutputFormats.All, OutputFormatParser.Parse("all"));
        var e = Assert.Throws<FormatException>(() => OutputFormatParser.Parse("json,docx"));
        Assert.Contains("'docx'", e.Message);
        Assert.Contains("json,pdf,xlsx,csv,nifti,png", e.Message);
        Assert.Equal("json,pdf,csv", OutputFormatParser.ToText(OutputFormats.Json | OutputFormats.Pdf | OutputFormats.Csv));
    }
}
