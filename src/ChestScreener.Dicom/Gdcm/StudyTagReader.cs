namespace ChestScreener.Dicom.Gdcm;

/// <summary>
/// Reads the patient and study module values (and the frame of reference) of one source file, which DICOM results copy so
/// that a PACS files them under the original patient and study. Read once per study, not per slice.
/// </summary>
internal static class StudyTagReader
{
    public const uint FrameOfReferenceUid = 0x00200052;

    /// <summary>The tags copied into results: patient module, general study module, frame of reference.</summary>
    public static readonly IReadOnlyList<uint> Copied =
    [
        0x00080020, // StudyDate
        0x00080030, // StudyTime
        0x00080050, // AccessionNumber
        0x00080090, // ReferringPhysicianName
        0x00081030, // StudyDescription
        0x00100010, // PatientName
        0x00100020, // PatientID
        0x00100021, // IssuerOfPatientID
        0x00100030, // PatientBirthDate
        0x00100040, // PatientSex
        0x00101010, // PatientAge
        0x0020000D, // StudyInstanceUID
        0x00200010, // StudyID
        FrameOfReferenceUid,
    ];

    /// <summary>The copied tags present in <paramref name="path"/> (empty values kept: type 2 attributes may be empty).</summary>
    public static Dictionary<uint, string> Read(string path)
    {
        var values = new Dictionary<uint, string>();
        using var reader = GdcmGate.Open(path, GdcmGate.Extent.TagsOnly, out _);
        if (reader is null) return values;
        var file = reader.GetFile();
        var ds = file.GetDataSet();
        using var sf = new gdcm.StringFilter();
        sf.SetFile(file);
        foreach (var t in Copied)
        {
            using var tag = new gdcm.Tag((ushort)(t >> 16), (ushort)(t & 0xFFFF));
            if (!ds.FindDataElement(tag)) continue;
            values[t] = (sf.ToString(tag) ?? "").TrimEnd('\0', ' ').Trim();
        }
        return values;
    }
}
