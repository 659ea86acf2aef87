using System.Globalization;
using ChestScreener.Dicom;

namespace ChestScreener.Server.Jobs;

/// <summary>The memory an analysis of one study is expected to need, and what the estimate was based on.</summary>
public sealed record StudyCost(long Bytes, VolumeSize? Volume)
{
    /// <summary>True when the estimate comes from the volume's size (headers); false for the input-bytes fallback.</summary>
    public bool FromVolume => Volume is not null;

    public string Describe() => Volume is { } v
        ? string.Create(CultureInfo.InvariantCulture, $"{v.SizeX}x{v.SizeY}x{v.SizeZ} = {v.Voxels} voxels, about {Gb(Bytes):0.0} GB to analyse")
        : string.Create(CultureInfo.InvariantCulture, $"about {Gb(Bytes):0.0} GB to analyse (estimated from the upload's size)");

    public static double Gb(long bytes) => bytes / 1e9;
}
