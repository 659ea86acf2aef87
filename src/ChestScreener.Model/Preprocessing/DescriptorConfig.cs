namespace ChestScreener.Model.Preprocessing;

/// <summary>Descriptor network facts (model.json "descriptor"): ONNX file, channels and sliding-window plan.</summary>
public sealed record DescriptorConfig
{
    public string File { get; init; } = "descriptor.onnx";
    /// <summary>Input channels: 0 = HU scaled to [0,1], 1 = CLAHE of it.</summary>
    public int InChannels { get; init; } = 2;
    public int Dim { get; init; } = 32;
    /// <summary>Window side in voxels of the model grid (cube).</summary>
    public int WindowSize { get; init; } = 64;
    /// <summary>Fraction of a window shared with its neighbour.</summary>
    public double Overlap { get; init; } = 0.5;
    /// <summary>Gaussian blending sigma as a fraction of the window side (nnU-Net uses 1/8).</summary>
    public double GaussianSigmaScale { get; init; } = 0.125;
    /// <summary>The network's sizes must be multiples of this (2^levels).</summary>
    public int SizeDivisor { get; init; } = 8;
    public int BaseChannels { get; init; } = 8;
    public int Levels { get; init; } = 4;
}
