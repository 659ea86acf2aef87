using ChestScreener.Imaging;

namespace ChestScreener.Dicom;

/// <summary>
/// The front door: turns a .zip, a folder tree, DICOM file(s) or a .nii/.nii.gz into the primary axial CT series in HU,
/// after the passport checks. Throws <see cref="ScreenerException"/> with a rejection code for every bad input.
/// </summary>
public static class StudyReader
{
    public static CtVolume Read(IReadOnlyList<string> inputs, ReadOptions? options = null) =>
        throw new NotImplementedException("StudyReader.Read is being written (issue 2)");
}
