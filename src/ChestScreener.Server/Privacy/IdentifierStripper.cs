using System.IO.Compression;
using ChestScreener.Dicom.Writing;

namespace ChestScreener.Server.Privacy;

/// <summary>
/// Blanks the patient identifiers of the DICOM files in an upload folder, in place (written to a temp name, then renamed), with
/// GDCM's anonymiser: names, ids, birth date, address, accession number, institution, referring physician (a subset of the
/// DICOM PS3.15 basic profile). UIDs are kept, since the analysis needs them to find the series. NIfTI headers are left as sent.
/// Files reach GDCM only through the Dicom project's structural check (<see cref="DicomAnonymizer"/>).
/// </summary>
public static class IdentifierStripper
{
    /// <summary>(group, element) of the tags emptied; sequences among them are removed.</summary>
    public static readonly IReadOnlyList<(ushort Group, ushort Element)> Emptied =
    [
        (0x0010, 0x0010), // PatientName
        (0x0010, 0x0020), // PatientID
        (0x0010, 0x0021), // IssuerOfPatientID
        (0x0010, 0x0030), // PatientBirthDate
        (0x0010, 0x0032), // PatientBirthTime
        (0x0010, 0x1000), // OtherPatientIDs
        (0x0010, 0x1001), // OtherPatientNames
        (0x0010, 0x1005), // PatientBirthName
        (0x0010, 0x1010), // PatientAge
        (0x0010, 0x1040), // PatientAddress
        (0x0010, 0x1060), // PatientMotherBirthName
        (0x0010, 0x1090), // MedicalRecordLocator
        (0x0010, 0x2154), // PatientTelephoneNumbers
        (0x0010, 0x4000), // PatientComments
        (0x0008, 0x0050), // AccessionNumber
        (0x0008, 0x0080), // InstitutionName
        (0x0008, 0x0081), // InstitutionAddress
        (0x0008, 0x0090), // ReferringPhysicianName
        (0x0008, 0x1048), // PhysiciansOfRecord
        (0x0008, 0x1050), // PerformingPhysicianName
        (0x0008, 0x1070), // OperatorsName
        (0x0020, 0x0010), // StudyID
    ];

    private static readonly (ushort Group, ushort Element)[] Removed =
    [
        (0x0010, 0x1002), // OtherPatientIDsSequence
        (0x0008, 0x1120), // ReferencedPatientSequence
    ];

    /// <summary>
    /// Strips every DICOM file directly in <paramref name="folder"/> and inside its zips, drops DICOMDIR files (they list patients), and
    /// renames every file to a neutral "000000.ext" (uploaded file names are often the patient's). A DICOM file that cannot be read is
    /// deleted (it still holds its identifiers); the report counts and names those, by their neutral names.
    /// </summary>
    public static StripReport StripFolder(string folder)
    {
        var report = new StripReport();
        var files = Directory.GetFiles(folder);
        Array.Sort(files, StringComparer.Ordinal);
        for (var i = 0; i < files.Length; i++)
        {
            var path = files[i];
            var lower = Path.GetFileName(path).ToLowerInvariant();
            if (lower.EndsWith("dicomdir", StringComparison.Ordinal)) { File.Delete(path); continue; }
            string extension;
            if (IsDicom(path))
            {
                extension = ".dcm";
                // A file that cannot be rewritten is not kept with its identifiers; the analysis could not read it either.
                if (!StripFile(path, out var problem))
                {
                    File.Delete(path);
                    report.Drop($"{i:D6}{extension}", problem);
                    continue;
                }
                report.Rewritten++;
            }
            else if (lower.EndsWith(".zip", StringComparison.Ordinal))
            {
                extension = ".zip";
                StripZip(path, $"{i:D6}{extension}", report);
            }
            else extension = lower.EndsWith(".nii.gz", StringComparison.Ordinal) ? ".nii.gz" : lower.EndsWith(".nii", StringComparison.Ordinal) ? ".nii" : "";
            var neutral = Path.Combine(folder, $"{i:D6}{extension}");
            if (neutral != path) File.Move(path, neutral);
        }
        return report;
    }

    /// <summary>
    /// Rewrites a zip with its DICOM entries stripped under neutral names, leaving out everything else (DICOMDIR, reports, nested
    /// zips): the upload check has already bounded its unpacked size. Entries that cannot be read go into the report as
    /// "NEUTRALNAME!entry N".
    /// </summary>
    public static void StripZip(string path, string neutralName, StripReport report)
    {
        var temp = path + ".strip";
        var entryFile = path + ".entry";
        try
        {
            using (var source = ZipFile.OpenRead(path))
            using (var target = ZipFile.Open(temp, ZipArchiveMode.Create))
            {
                var n = 0;
                var seen = 0;
                foreach (var entry in source.Entries)
                {
                    if (entry.FullName.EndsWith('/') || entry.Name.Equals("DICOMDIR", StringComparison.OrdinalIgnoreCase)) continue;
                    entry.ExtractToFile(entryFile, overwrite: true);
                    seen++;
                    if (IsDicom(entryFile))
                    {
                        if (StripFile(entryFile, out var problem))
                        {
                            target.CreateEntryFromFile(entryFile, $"{n++:D6}.dcm", CompressionLevel.Fastest);
                            report.Rewritten++;
                        }
                        else report.Drop($"{neutralName}!entry {seen}", problem);
                    }
                    File.Delete(entryFile);
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (InvalidDataException)
        {
            // A damaged zip stays as it is; the analysis rejects it.
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
            if (File.Exists(entryFile)) File.Delete(entryFile);
        }
    }

    /// <summary>Rewrites one file without the identifiers; false when it is damaged or cannot be rewritten (it is then unchanged).</summary>
    public static bool StripFile(string path) => StripFile(path, out _);

    /// <summary>As <see cref="StripFile(string)"/>, saying why a file was refused (no path in the text).</summary>
    public static bool StripFile(string path, out string problem)
    {
        var ok = DicomAnonymizer.TryStrip(path, Emptied, Removed, out var why);
        problem = why ?? "";
        return ok;
    }

    private static bool IsDicom(string path)
    {
        using var s = File.OpenRead(path);
        Span<byte> head = stackalloc byte[132];
        return s.ReadAtLeast(head, 132, throwOnEndOfStream: false) == 132 && head[128..].SequenceEqual("DICM"u8);
    }
}
