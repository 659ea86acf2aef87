using System.Globalization;
using ChestScreener.Imaging;
using ChestScreener.Results;

namespace ChestScreener.Pipeline;

/// <summary>
/// Whose scan, for the reader: patient name, ID, sex, age, study date, accession number and descriptions from the DICOM
/// source, as plain text (PN carets to spaces, DA dates as yyyy-MM-dd). Null when the input has no DICOM source (NIfTI) or
/// none of these tags has a value (e.g. after identifier stripping).
/// </summary>
public static class PatientTags
{
    public static PatientInfo? From(ScanInfo info)
    {
        var tags = info.Dicom?.StudyTags;
        if (tags is null) return null;
        string? Get(uint tag) => tags.TryGetValue(tag, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var birth = Date(Get(0x00100030));
        var studyDate = Date(Get(0x00080020));
        var p = new PatientInfo
        {
            Name = Name(Get(0x00100010)),
            Id = Get(0x00100020),
            Sex = Get(0x00100040),
            Age = Age(Get(0x00101010)) ?? AgeFrom(birth, studyDate),
            BirthDate = birth,
            StudyDate = studyDate,
            AccessionNumber = Get(0x00080050),
            StudyDescription = Get(0x00081030),
            SeriesDescription = string.IsNullOrWhiteSpace(info.SeriesDescription) ? null : info.SeriesDescription.Trim(),
        };
        return p == new PatientInfo() ? null : p;
    }

    /// <summary>DICOM PN "Family^Given^Middle^Prefix^Suffix" as "Family, Given Middle".</summary>
    internal static string? Name(string? pn)
    {
        if (pn is null) return null;
        var parts = pn.Split('=')[0].Split('^').Select(x => x.Trim()).ToArray();
        var given = string.Join(' ', parts.Skip(1).Take(2).Where(x => x.Length > 0));
        var name = given.Length > 0 ? $"{parts[0]}, {given}" : parts[0];
        return name.Length > 0 ? name : null;
    }

    private static string? Date(string? da) =>
        da is not null && DateTime.TryParseExact(da, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : da;

    /// <summary>AS "061Y" as "61 y" (D, W, M likewise).</summary>
    private static string? Age(string? age)
    {
        if (age is not { Length: 4 } || !int.TryParse(age[..3], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return age;
        return $"{n} {char.ToLowerInvariant(age[3])}";
    }

    private static string? AgeFrom(string? birth, string? study)
    {
        if (!DateTime.TryParse(birth, CultureInfo.InvariantCulture, DateTimeStyles.None, out var b) || !DateTime.TryParse(study, CultureInfo.InvariantCulture, DateTimeStyles.None, out var s)) return null;
        int years = s.Year - b.Year - (s.DayOfYear < b.DayOfYear ? 1 : 0);
        return years is >= 0 and < 150 ? $"{years} y" : null;
    }
}
