namespace ChestScreener.Dicom.Gdcm;

/// <summary>The DICOM tags the reader looks at.</summary>
internal static class Tags
{
    public static readonly gdcm.Tag TransferSyntaxUid = new(0x0002, 0x0010);
    public static readonly gdcm.Tag ImageType = new(0x0008, 0x0008);
    public static readonly gdcm.Tag SopClassUid = new(0x0008, 0x0016);
    public static readonly gdcm.Tag SopInstanceUid = new(0x0008, 0x0018);
    public static readonly gdcm.Tag Modality = new(0x0008, 0x0060);
    public static readonly gdcm.Tag Manufacturer = new(0x0008, 0x0070);
    public static readonly gdcm.Tag SeriesDescription = new(0x0008, 0x103E);
    public static readonly gdcm.Tag FrameType = new(0x0008, 0x9007);
    public static readonly gdcm.Tag BodyPartExamined = new(0x0018, 0x0015);
    public static readonly gdcm.Tag SliceThickness = new(0x0018, 0x0050);
    public static readonly gdcm.Tag SpacingBetweenSlices = new(0x0018, 0x0088);
    public static readonly gdcm.Tag ConvolutionKernel = new(0x0018, 0x1210);
    public static readonly gdcm.Tag CtImageFrameTypeSequence = new(0x0018, 0x9329);
    public static readonly gdcm.Tag StudyInstanceUid = new(0x0020, 0x000D);
    public static readonly gdcm.Tag SeriesInstanceUid = new(0x0020, 0x000E);
    public static readonly gdcm.Tag AcquisitionNumber = new(0x0020, 0x0012);
    public static readonly gdcm.Tag InstanceNumber = new(0x0020, 0x0013);
    public static readonly gdcm.Tag ImagePositionPatient = new(0x0020, 0x0032);
    public static readonly gdcm.Tag ImageOrientationPatient = new(0x0020, 0x0037);
    public static readonly gdcm.Tag PlanePositionSequence = new(0x0020, 0x9113);
    public static readonly gdcm.Tag PlaneOrientationSequence = new(0x0020, 0x9116);
    public static readonly gdcm.Tag SamplesPerPixel = new(0x0028, 0x0002);
    public static readonly gdcm.Tag PhotometricInterpretation = new(0x0028, 0x0004);
    public static readonly gdcm.Tag NumberOfFrames = new(0x0028, 0x0008);
    public static readonly gdcm.Tag Rows = new(0x0028, 0x0010);
    public static readonly gdcm.Tag Columns = new(0x0028, 0x0011);
    public static readonly gdcm.Tag PixelSpacing = new(0x0028, 0x0030);
    public static readonly gdcm.Tag BitsAllocated = new(0x0028, 0x0100);
    public static readonly gdcm.Tag BitsStored = new(0x0028, 0x0101);
    public static readonly gdcm.Tag PixelRepresentation = new(0x0028, 0x0103);
    public static readonly gdcm.Tag PixelPaddingValue = new(0x0028, 0x0120);
    public static readonly gdcm.Tag PixelPaddingRangeLimit = new(0x0028, 0x0121);
    public static readonly gdcm.Tag RescaleIntercept = new(0x0028, 0x1052);
    public static readonly gdcm.Tag RescaleSlope = new(0x0028, 0x1053);
    public static readonly gdcm.Tag PixelMeasuresSequence = new(0x0028, 0x9110);
    public static readonly gdcm.Tag PixelValueTransformationSequence = new(0x0028, 0x9145);
    public static readonly gdcm.Tag SharedFunctionalGroups = new(0x5200, 0x9229);
    public static readonly gdcm.Tag PerFrameFunctionalGroups = new(0x5200, 0x9230);
    public static readonly gdcm.Tag PixelData = new(0x7FE0, 0x0010);
}
