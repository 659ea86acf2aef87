namespace ChestScreener.Reports.Images;

/// <summary>Overlay PNGs of a study: an overview and axial/coronal images through each listed finding.</summary>
public static class OverlayImages
{
    public const string OverviewName = "overview.png";

    public static List<string> Write(string folder, StudyArtifacts a) => throw new NotImplementedException("overlay images: in progress");
}
