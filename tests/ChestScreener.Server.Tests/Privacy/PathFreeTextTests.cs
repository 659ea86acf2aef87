using ChestScreener.Server.Privacy;

namespace ChestScreener.Server.Tests.Privacy;

/// <summary>Absolute paths in client-facing text become the file's own name; ratios, VR pairs and relative names stay.</summary>
public sealed class PathFreeTextTests
{
    [Theory]
    [InlineData("/srv/data/studies/ab12/input/000003.dcm: the DICOM file is damaged", "000003.dcm: the DICOM file is damaged")]
    [InlineData("2 DICOM files are damaged, e.g. /tmp/x/input/sub/a.dcm: cut (byte 144)", "2 DICOM files are damaged, e.g. a.dcm: cut (byte 144)")]
    [InlineData("Could not find file '/var/lib/screener/studies/x/input/scan.nii.gz'.", "Could not find file 'scan.nii.gz'.")]
    [InlineData("/srv/data/studies/ab12/input: no files found", "input: no files found")]
    [InlineData("spacing 0.5/0.5 mm, VR OB/OW, 12 / 15 slices", "spacing 0.5/0.5 mm, VR OB/OW, 12 / 15 slices")]
    [InlineData("DOE^JANE/slice0.dcm: damaged; see https://example.org/a/b", "DOE^JANE/slice0.dcm: damaged; see https://example.org/a/b")]
    public void Absolute_paths_become_file_names(string text, string expected) => Assert.Equal(expected, PathFreeText.Of(text));
}
