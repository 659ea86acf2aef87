using System.IO.Compression;
using ChestScreener.Tests;

namespace ChestScreener.Dicom.Tests;

/// <summary>File order, file names and packaging (folder, files, zip with nested folders) never change the volume.</summary>
public class DeterminismTests
{
    [SkippableFact]
    public void Folder_shuffled_files_renamed_copies_and_zip_give_identical_volumes()
    {
        var folder = TestData.Require("chest/popi-00");
        var reference = VolumeComparison.Hash(StudyReader.Read([folder]));

        // The files themselves, passed in a shuffled order.
        var files = Directory.GetFiles(folder).ToList();
        var shuffled = files.OrderBy(_ => Random.Shared.Next()).ToList();
        Assert.Equal(reference, VolumeComparison.Hash(StudyReader.Read(shuffled)));

        // Renamed copies (names that sort in another order) in a nested folder tree.
        using var temp = TestData.NewTempFolder();
        var tree = Path.Combine(temp.Path, "tree", "study", "series");
        Directory.CreateDirectory(tree);
        foreach (var f in files) File.Copy(f, Path.Combine(tree, Guid.NewGuid().ToString("N")));
        Assert.Equal(reference, VolumeComparison.Hash(StudyReader.Read([Path.Combine(temp.Path, "tree")])));

        // A zip of that tree (nested folders inside), unpacked to a temp folder that is removed afterwards.
        var zip = temp.File("study.zip");
        ZipFile.CreateFromDirectory(Path.Combine(temp.Path, "tree"), zip, CompressionLevel.Fastest, includeBaseDirectory: true);
        var unpackRoot = Path.Combine(temp.Path, "unpack");
        Directory.CreateDirectory(unpackRoot);
        var options = new ReadOptions { TempRoot = unpackRoot };
        Assert.Equal(reference, VolumeComparison.Hash(StudyReader.Read([zip], options)));
        Assert.Empty(Directory.GetFileSystemEntries(unpackRoot));
    }

    [SkippableFact]
    public void Lidc_in_reverse_file_order_is_identical()
    {
        var folder = TestData.Require("chest/lidc-idri-0314");
        var a = StudyReader.Read([folder]);
        var reversed = Directory.GetFiles(folder).OrderByDescending(f => f, StringComparer.Ordinal).ToList();
        var b = StudyReader.Read(reversed);
        Assert.Equal(VolumeComparison.Hash(a), VolumeComparison.Hash(b));
        Assert.Equal("1.3.6.1.4.1.14519.5.2.1.6279.6001.154677396354641150280013275227", a.Info.SeriesUid);
        Assert.Equal("CT", a.Info.Modality);
        Assert.Equal("CHEST", a.Info.BodyPartExamined);
        Assert.Equal("Philips", a.Info.Manufacturer);
        Assert.Equal("1.2.840.10008.1.2", a.Info.TransferSyntax);
        Assert.False(string.IsNullOrEmpty(a.Info.StudyUid));
        Assert.Equal(1.0, a.Info.SliceThicknessMm, 3);
    }
}
