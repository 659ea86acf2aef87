using System.IO.Compression;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ChestScreener.Server.Privacy;

/// <summary>
/// Blanks the patient identifiers of the DICOM files in an upload folder, in place (written to a temp name, then renamed), with
/// GDCM's anonymiser: names, ids, birth date, address, accession number, institution, referring physician (a subset of the
/// DICOM PS3.15 basic profile). UIDs are kept, since the analysis needs them to find the series. NIfTI headers are left as sent.
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

    private static readonly Lock InitLock = new();
    private static bool _initialised;

    /// <summary>
    /// Strips every DICOM file directly in <paramref name="folder"/> and inside its zips, drops DICOMDIR files (they list patients), and
    /// renames every file to a neutral "000000.ext" (uploaded file names are often the patient's). Returns how many DICOM files were rewritten.
    /// </summary>
    public static int StripFolder(string folder)
    {
        var count = 0;
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
                // A file GDCM cannot rewrite is not kept with its identifiers; the analysis could not read it either.
                if (!StripFile(path)) { File.Delete(path); continue; }
                count++;
                extension = ".dcm";
            }
            else if (lower.EndsWith(".zip", StringComparison.Ordinal))
            {
                count += StripZip(path);
                extension = ".zip";
            }
            else extension = lower.EndsWith(".nii.gz", StringComparison.Ordinal) ? ".nii.gz" : lower.EndsWith(".nii", StringComparison.Ordinal) ? ".nii" : "";
            var neutral = Path.Combine(folder, $"{i:D6}{extension}");
            if (neutral != path) File.Move(path, neutral);
        }
        return count;
    }

    /// <summary>
    /// Rewrites a zip with its DICOM entries stripped under neutral names, leaving out everything else (DICOMDIR, reports, nested
    /// zips): the upload check has already bounded its unpacked size. Returns how many entries were rewritten.
    /// </summary>
    public static int StripZip(string path)
    {
        var temp = path + ".strip";
        var entryFile = path + ".entry";
        var count = 0;
        try
        {
            using (var source = ZipFile.OpenRead(path))
            using (var target = ZipFile.Open(temp, ZipArchiveMode.Create))
            {
                var n = 0;
                foreach (var entry in source.Entries)
                {
                    if (entry.FullName.EndsWith('/') || entry.Name.Equals("DICOMDIR", StringComparison.OrdinalIgnoreCase)) continue;
                    entry.ExtractToFile(entryFile, overwrite: true);
                    if (IsDicom(entryFile) && StripFile(entryFile))
                    {
                        target.CreateEntryFromFile(entryFile, $"{n++:D6}.dcm", CompressionLevel.Fastest);
                        count++;
                    }
                    File.Delete(entryFile);
                }
            }
            File.Move(temp, path, overwrite: true);
            return count;
        }
        catch (InvalidDataException)
        {
            return count; // a damaged zip stays as it is; the analysis rejects it
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
            if (File.Exists(entryFile)) File.Delete(entryFile);
        }
    }

    /// <summary>Rewrites one file without the identifiers; false when GDCM cannot read or write it (it is then left to the analysis to reject).</summary>
    public static bool StripFile(string path)
    {
        EnsureInitialised();
        var temp = path + ".strip";
        try
        {
            using var reader = new gdcm.Reader();
            reader.SetFileName(path);
            if (!reader.Read()) return false;
            using var anonymizer = new gdcm.Anonymizer();
            anonymizer.SetFile(reader.GetFile());
            foreach (var (g, e) in Emptied) anonymizer.Empty(new gdcm.Tag(g, e));
            foreach (var (g, e) in Removed) anonymizer.Remove(new gdcm.Tag(g, e));
            using var writer = new gdcm.Writer();
            writer.SetFile(anonymizer.GetFile());
            writer.SetFileName(temp);
            if (!writer.Write()) return false;
            File.Move(temp, path, overwrite: true);
            return true;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static bool IsDicom(string path)
    {
        using var s = File.OpenRead(path);
        Span<byte> head = stackalloc byte[132];
        return s.ReadAtLeast(head, 132, throwOnEndOfStream: false) == 132 && head[128..].SequenceEqual("DICM"u8);
    }

    // The same native-glue lookup as the DICOM reader's seam (whichever runs first sets it).
    private static void EnsureInitialised()
    {
        lock (InitLock)
        {
            if (_initialised) return;
            try
            {
                NativeLibrary.SetDllImportResolver(typeof(gdcm.Reader).Assembly, ResolveGlue);
            }
            catch (InvalidOperationException) { }
            gdcm.Trace.WarningOff();
            gdcm.Trace.ErrorOff();
            _initialised = true;
        }
    }

    private static IntPtr ResolveGlue(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!name.Contains("gdcmsharpglue", StringComparison.Ordinal)) return IntPtr.Zero;
        foreach (var dir in new[] { AppContext.BaseDirectory, "/usr/lib/cli/gdcm-sharp-3.0" })
        {
            var candidate = Path.Combine(dir, "libgdcmsharpglue.so");
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        }
        return IntPtr.Zero;
    }
}
