using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ChestScreener.Training.Networks;

/// <summary>Conv3d (no bias) + BatchNorm3d + ReLU; batch norm is folded into the convolution on ONNX export.</summary>
public sealed class ConvBnRelu : nn.Module<Tensor, Tensor>
{
    public ConvBnRelu(string name, long inChannels, long outChannels, long kernel, long stride) : base(name)
    {
        Kernel = kernel; Stride = stride; Padding = kernel / 2;
        conv = nn.Conv3d(inChannels, outChannels, kernel, stride: stride, padding: Padding, bias: false);
        bn = nn.BatchNorm3d(outChannels);
        RegisterComponents();
    }

    public long Kernel { get; }
    public long Stride { get; }
    public long Padding { get; }
#pragma warning disable IDE1006 // field names are the state-dict keys
    private readonly Conv3d conv;
    private readonly BatchNorm3d bn;
#pragma warning restore IDE1006
    public Conv3d Conv => conv;
    public BatchNorm3d Norm => bn;

    public override Tensor forward(Tensor x) => nn.functional.relu(bn.forward(conv.forward(x)));
}
