namespace ChestScreener.Imaging;

/// <summary>A CT series as the pipeline reads it: HU as int16 (air padding already mapped to -1024) plus scan facts.</summary>
public sealed class CtVolume
{
    public const short AirHu = -1024;

    public CtVolume(Volume<short> hu, ScanInfo info, IReadOnlyList<string>? warnings = null)
    {
        Hu = hu;
        Info = info;
        Warnings = warnings ?? [];
    }

    public Volume<short> Hu { get; }
    public ScanInfo Info { get; }
    public IReadOnlyList<string> Warnings { get; }
    public Geometry.VolumeGeometry Geometry => Hu.Geometry;
}
