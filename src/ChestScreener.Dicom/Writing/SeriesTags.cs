using ChestScreener.Dicom.Output;

namespace ChestScreener.Dicom.Writing;

/// <summary>The identifying tags of one written series (UIDs from <see cref="DicomUids.FromName"/>; no patient data).</summary>
public sealed record SeriesTags
{
    public required string StudyUid { get; init; }
    public required string SeriesUid { get; init; }
    public required string FrameOfReferenceUid { get; init; }
    public string StudyId { get; init; } = "SYNTH";
    public string PatientName { get; init; } = "Synthetic^Study";
    public string PatientId { get; init; } = "SYNTH";
    public string StudyDate { get; init; } = "20260101";
    public string Manufacturer { get; init; } = "ChestScreener synth";
    public string SeriesDescription { get; init; } = "synthetic lesion study";
    public string Kernel { get; init; } = "";
    public double SliceThicknessMm { get; init; } = 1;

    /// <summary>UIDs for a study named <paramref name="name"/> under a seed: same inputs, same UIDs.</summary>
    public static SeriesTags For(string name, int seed) => new()
    {
        StudyUid = DicomUids.FromName($"chestscreener-synth/{seed}/{name}/study"),
        SeriesUid = DicomUids.FromName($"chestscreener-synth/{seed}/{name}/series"),
        FrameOfReferenceUid = DicomUids.FromName($"chestscreener-synth/{seed}/{name}/frame"),
    };
}
