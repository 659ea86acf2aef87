using ChestScreener.Cli.Commands;
using ChestScreener.Results;
using ChestScreener.Tests;

namespace ChestScreener.Cli.Tests;

public class AnalyzeFoldersTests
{
    private static StudyResult NoUid(string input) => StudyResult.Rejected(input, new ScreenerException(RejectionCode.NotChest, "test"));

    [Fact]
    public void NIfTI_files_of_one_generic_name_get_folders_named_by_their_patient_folder()
    {
        using var temp = TestData.NewTempFolder();
        var folders = new AnalyzeFolders(Path.Combine(temp.Path, "out"));

        var a = folders.Choose(NoUid("/data/corpus/lidc-idri-0001/ct.nii.gz"));
        var b = folders.Choose(NoUid("/data/corpus/lidc-idri-0002/ct.nii.gz"));
        var c = folders.Choose(NoUid("/data/negative/abdomen-ct.nii"));

        Assert.Equal("lidc-idri-0001_ct", Path.GetFileName(a));
        Assert.Equal("lidc-idri-0002_ct", Path.GetFileName(b));
        Assert.Equal("negative_abdomen-ct", Path.GetFileName(c));
    }

    [Theory]
    [InlineData("/data/studies/lidc.zip", "lidc.zip")]
    [InlineData("/data/chest/lidc-idri-0314/", "lidc-idri-0314")]
    [InlineData("relative/ct.nii.gz", "relative_ct")]
    public void Other_inputs_keep_their_own_name(string input, string expected) =>
        Assert.Equal(expected, AnalyzeFolders.NameWithoutUid(input));
}
