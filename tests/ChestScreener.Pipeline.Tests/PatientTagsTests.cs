using ChestScreener.Imaging;

namespace ChestScreener.Pipeline.Tests;

public class PatientTagsTests
{
    private static ScanInfo Scan(Dictionary<uint, string> tags, string series = "") =>
        new() { SeriesDescription = series, Dicom = new DicomSourceSeries { StudyTags = tags } };

    [Fact]
    public void Dicom_values_become_readable_text()
    {
        var p = PatientTags.From(Scan(new()
        {
            [0x00100010] = "DOE^JANE^Q", [0x00100020] = "P-77", [0x00100040] = "F", [0x00100030] = "19600315",
            [0x00080020] = "20200101", [0x00080050] = "ACC9", [0x00101010] = "",
        }, "CHEST 1.25mm"))!;
        Assert.Equal("DOE, JANE Q", p.Name);
        Assert.Equal("P-77", p.Id);
        Assert.Equal("2020-01-01", p.StudyDate);
        Assert.Equal("1960-03-15", p.BirthDate);
        Assert.Equal("59 y", p.Age); // from the dates when PatientAge is empty
        Assert.Equal("ACC9", p.AccessionNumber);
        Assert.Equal("CHEST 1.25mm", p.SeriesDescription);
        Assert.Equal("61 y", PatientTags.From(Scan(new() { [0x00101010] = "061Y" }))!.Age);
    }

    [Fact]
    public void Nothing_known_gives_no_patient()
    {
        Assert.Null(PatientTags.From(new ScanInfo()));
        Assert.Null(PatientTags.From(Scan(new() { [0x00100010] = "", [0x00100020] = " " })));
    }
}
