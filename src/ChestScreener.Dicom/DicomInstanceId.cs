using ChestScreener.Dicom.Gdcm;

namespace ChestScreener.Dicom;

/// <summary>The identifiers of one DICOM instance (for routing received instances), read with GDCM up to the pixel data.</summary>
public sealed record DicomInstanceId(string SopClassUid, string SopInstanceUid, string StudyUid, string SeriesUid, string Modality)
{
    /// <summary>The identifiers of a DICOM file; null when the file is not DICOM or lacks a SOP Instance or Study UID.</summary>
    public static DicomInstanceId? TryRead(string path)
    {
        var h = GdcmSeam.TryReadHeader(path);
        if (h is null || h.SopInstanceUid.Length == 0 || h.StudyUid.Length == 0) return null;
        return new DicomInstanceId(h.SopClassUid, h.SopInstanceUid, h.StudyUid, h.SeriesUid, h.Modality);
    }
}
