using ChestScreener.Imaging;
using ChestScreener.Results;

namespace ChestScreener.Dicom.Output;

/// <summary>What every DICOM result of one study shares: the source series, the analysis result and the creation time.</summary>
public sealed record DicomResultContext
{
    public required DicomSourceSeries Source { get; init; }
    public required string StudyUid { get; init; }
    public required string SourceSeriesUid { get; init; }
    public required StudyResult Result { get; init; }
    public DateTime Created { get; init; } = DateTime.Now;
    public string Manufacturer { get; init; } = "ChestScreener";
    /// <summary>Series numbers of the results; high so that they sort after the scanner's own series.</summary>
    public int SrSeriesNumber { get; init; } = 9901;
    public int ScSeriesNumber { get; init; } = 9902;
    public int SegSeriesNumber { get; init; } = 9903;

    public string ModelText => Result.Model is { } m ? $"{m.Name} {m.Version}" : "unknown model";

    /// <summary>Builds the context from a volume read from DICOM; null when the volume did not come from DICOM (NIfTI input).</summary>
    public static DicomResultContext? For(CtVolume ct, StudyResult result) =>
        ct.Info.Dicom is { Images.Count: > 0 } source && ct.Info.StudyUid.Length > 0
            ? new DicomResultContext { Source = source, StudyUid = ct.Info.StudyUid, SourceSeriesUid = ct.Info.SeriesUid, Result = result }
            : null;
}
