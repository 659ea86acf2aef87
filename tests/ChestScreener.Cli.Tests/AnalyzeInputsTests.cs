using System.Text;
using ChestScreener.Cli.Commands;
using ChestScreener.Tests;

namespace ChestScreener.Cli.Tests;

public class AnalyzeInputsTests
{
    /// <summary>A minimal Part-10 file: preamble, DICM, then (0020,000D) UI in explicit VR little endian.</summary>
    internal static void WriteDicom(string path, string studyUid)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var uid = studyUid.Length % 2 == 1 ? studyUid + "\0" : studyUid;
        using var s = File.Create(path);
        s.Write(new byte[128]);
        s.Write("DICM"u8);
        s.Write([0x20, 0x00, 0x0D, 0x00, (byte)'U', (byte)'I', (byte)uid.Length, 0]);
        s.Write(Encoding.ASCII.GetBytes(uid));
    }

    [Fact]
    public void Files_and_dicom_folders_are_one_study_each()
    {
        using var t = TestData.NewTempFolder();
        WriteDicom(t.File("s1/a.dcm"), "1.2.3");
        WriteDicom(t.File("s1/b"), "1.2.3");
        File.WriteAllText(t.File("x.nii.gz"), "");
        var errors = new List<string>();
        var studies = AnalyzeInputs.Expand([t.File("s1"), t.File("x.nii.gz")], errors);
        Assert.Empty(errors);
        Assert.Equal([t.File("s1"), t.File("x.nii.gz")], studies.Select(s => s.Path));
        Assert.Equal([t.File("s1")], studies[0].Files);
    }

    [Fact]
    public void Folder_of_zips_and_nifti_expands_to_one_study_per_file()
    {
        using var t = TestData.NewTempFolder();
        File.WriteAllText(t.File("b.zip"), "");
        File.WriteAllText(t.File("a.nii.gz"), "");
        File.WriteAllText(t.File("notes.txt"), "");
        WriteDicom(t.File("c/1.dcm"), "1.2.3");
        var studies = AnalyzeInputs.Expand([t.Path], []);
        Assert.Equal(["a.nii.gz", "b.zip", "c"], studies.Select(s => s.Name));
    }

    [Fact]
    public void Folder_of_study_folders_expands_but_series_folders_of_one_study_do_not()
    {
        using var t = TestData.NewTempFolder();
        WriteDicom(t.File("batch/p1/series/1.dcm"), "1.2.840.1");
        WriteDicom(t.File("batch/p2/1.dcm"), "1.2.840.22");
        WriteDicom(t.File("study/s1/1.dcm"), "1.2.840.333");
        WriteDicom(t.File("study/s2/1.dcm"), "1.2.840.333");
        Assert.Equal(["p1", "p2"], AnalyzeInputs.Expand([t.File("batch")], []).Select(s => s.Name));
        Assert.Equal(["study"], AnalyzeInputs.Expand([t.File("study")], []).Select(s => s.Name));
        Assert.Equal("1.2.840.333", AnalyzeInputs.ReadStudyUid(t.File("study/s1/1.dcm")));
    }

    [Fact]
    public void Missing_inputs_are_reported_not_thrown()
    {
        var errors = new List<string>();
        Assert.Empty(AnalyzeInputs.Expand(["/definitely/not/here"], errors));
        Assert.Contains("does not exist", Assert.Single(errors));
    }

    [SkippableFact]
    public void Shared_negatives_glob_gives_one_study_per_entry()
    {
        var negative = TestData.Require("negative");
        var entries = Directory.GetFileSystemEntries(negative).Order(StringComparer.Ordinal).ToArray();
        var studies = AnalyzeInputs.Expand(entries, []);
        Assert.Equal(entries, studies.Select(s => s.Path));
    }
}
