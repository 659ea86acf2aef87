using System.Text.Json;
using ChestScreener.Results;

namespace ChestScreener.Server.Privacy;

/// <summary>
/// What stripping identifiers did to one upload: DICOM files rewritten, and those left out because they could not be read.
/// Kept beside the study's input (not in it) so that the analysis result can say what was left out: a warning when some files
/// were, corrupt_file instead of a puzzling not_dicom when all were.
/// </summary>
public sealed class StripReport
{
    /// <summary>The report's file in the study folder.</summary>
    public const string FileName = "stripped.json";

    public int Rewritten { get; set; }
    public List<DroppedFile> Dropped { get; init; } = [];

    public void Drop(string file, string problem) => Dropped.Add(new DroppedFile(file, problem));

    /// <summary>
    /// Writes the report into <paramref name="studyFolder"/>, also when nothing was dropped: its presence says the study's
    /// identifiers were stripped, so the result shows no patient (what stripping keeps, such as sex and study date, is not shown either).
    /// </summary>
    public void Save(string studyFolder)
    {
        var path = Path.Combine(studyFolder, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>The report saved for a study, or null when none was (or it cannot be read: the result then just says less).</summary>
    public static StripReport? Load(string studyFolder)
    {
        try
        {
            var path = Path.Combine(studyFolder, FileName);
            return File.Exists(path) ? JsonSerializer.Deserialize<StripReport>(File.ReadAllText(path)) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The result as the client should see it: when every DICOM file was dropped the study is corrupt_file (the analysis saw an
    /// empty or DICOM-less upload and would say not_dicom); when some were, a warning counts them.
    /// </summary>
    public StudyResult ApplyTo(StudyResult result)
    {
        if (Dropped.Count == 0) return result;
        var example = $"{Dropped[0].File}: {Dropped[0].Problem}";
        if (Rewritten == 0 && result.Rejection is { } rejection && rejection.Code == RejectionCode.NotDicom.ToWire())
        {
            var message = Dropped.Count == 1
                ? $"the DICOM file is damaged and could not be read ({example}); re-export or re-send it"
                : $"all {Dropped.Count} DICOM files are damaged and could not be read, e.g. {example}; re-export or re-send the series";
            return result with { Rejection = new Rejection(RejectionCode.CorruptFile.ToWire(), message) };
        }
        var total = Rewritten + Dropped.Count;
        return result with { Warnings = [$"{Dropped.Count} of {total} DICOM files could not be read and were left out (e.g. {example})", .. result.Warnings] };
    }
}
