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

    /// <summary>
    /// Probe distances in mm: one feature per distance, the largest mean intensity of six small cubes that far away along
    /// the grid axes (see BoxSums.ProbeMax). Rings average the surroundings; the probe maximum tells tissue enclosed by
    /// aerated lung (a nodule) from tissue that touches a wall, the mediastinum or a vessel running on.
    /// </summary>
    public double[] ProbesMm { get; init; } = [];

    /// <summary>Half-width (mm) of each probe cube.</summary>
    public double ProbeHalfWidthMm { get; init; } = 3;

    [JsonIgnore]
    public int Count => (LungPosition ? 3 : 0) + Math.Max(0, RingsMm.Length - 1) + ProbesMm.Length;
}
