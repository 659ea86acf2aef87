using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ChestScreener.Training.Networks;

/// <summary>
/// Decoder step: conv(upsampled) + conv(skip), then BatchNorm and ReLU — the same function as one conv over the
/// channel concatenation, written as a sum because libtorch 2.10's CPU backward of Conv3d over a concatenated
/// input of about a million elements or more returned NaN gradients (measured: cat+conv NaN, sum of convs fine).
/// </summary>
public sealed class SkipFuse : nn.Module<Tensor, Tensor, Tensor>
{
    public SkipFuse(string name, long channels) : base(name)
    {
        up = nn.Conv3d(channels, channels, 3, padding: 1, bias: false);
        skip = nn.Conv3d(channels, channels, 3, padding: 1, bias: false);
        bn = nn.BatchNorm3d(channels);
        RegisterComponents();
    }
#pragma warning disable IDE1006
    private readonly Conv3d up;
    private readonly Conv3d skip;
    private readonly BatchNorm3d bn;
#pragma warning restore IDE1006
    public Conv3d UpConv => up;
    public Conv3d SkipConv => skip;
    public BatchNorm3d Norm => bn;

    public override Tensor forward(Tensor upsampled, Tensor skipped) => nn.functional.relu(bn.forward(up.forward(upsampled) + skip.forward(skipped)));
}
