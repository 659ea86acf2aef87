using System.Text.Json.Serialization;

namespace ChestScreener.Model.Density;

/// <summary>
/// Which context features condition the density (density.json "context"): where a voxel sits relative to the lungs
/// and what surrounds it, but not what the voxel itself looks like — a cheap stand-in for the paper's
/// masking-invariant condition, so that "soft tissue where normal scans have aerated lung" becomes unlikely.
/// </summary>
public sealed record ContextSpec
{
    /// <summary>Position in the robust bounding box of the lung air (1st..99th percentile per axis), each axis in [-1,1].</summary>
    public bool LungPosition { get; init; }

    /// <summary>
    /// Ring edges in mm (ascending half-widths of cubes): one feature per consecutive pair, the mean intensity of the
    /// shell between the two cubes. The inner cube is left out on purpose: the ring describes surroundings, not the voxel.
    /// </summary>
    public double[] RingsMm { get; init; } = [];

    [JsonIgnore]
    public int Count => (LungPosition ? 3 : 0) + Math.Max(0, RingsMm.Length - 1);
}
