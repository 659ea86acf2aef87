namespace ChestScreener.Dicom.Building;

/// <summary>One frame of one file: the unit that is sorted, de-duplicated and stacked.</summary>
internal sealed record SliceRef(DicomHeader Header, int Frame, FrameGeometry Geometry);
