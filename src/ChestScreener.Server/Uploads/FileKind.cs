namespace ChestScreener.Server.Uploads;

/// <summary>What an uploaded file looks like from its first bytes and name.</summary>
public enum FileKind
{
    Unknown,
    Dicom,
    Zip,
    Nifti,
}
