using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ChestScreener.Training.Networks;

/// <summary>
/// The descriptor network: a 3D UNet with <c>levels</c> resolutions (channels base*2^l), max-pool downsampling,
/// transposed-conv upsampling with skip concatenation, and a two-layer 1x1 head giving <c>dim</c> channels per voxel.
/// Only these module types are used, so <see cref="Export.OnnxExporter"/> can write the graph from the tree.
/// </summary>
public sealed class UNet3d : nn.Module<Tensor, Tensor>
{
    public UNet3d(long inChannels, long baseChannels, int levels, long dim) : base("unet3d")
    {
        InChannels = inChannels; BaseChannels = baseChannels; Levels = levels; Dim = dim;
        enc = new ModuleList<nn.Module<Tensor, Tensor>>();
        up = new ModuleList<nn.Module<Tensor, Tensor>>();
        dec = new ModuleList<SkipFuse>();
        for (int l = 0; l < levels; l++)
        {
            long cin = l == 0 ? inChannels : baseChannels << (l - 1);
            long c = baseChannels << l;
            // Max-pool then stride-1 conv (not a strided conv): libtorch's CPU backward of a stride-2 Conv3d on 64^3
            // inputs returned NaN gradients here.
            var a = new ConvBnRelu($"enc{l}a", cin, c, 3, 1);
            var b = new ConvBnRelu($"enc{l}b", c, c, 3, 1);
            enc.Add(l == 0 ? nn.Sequential(("a", a), ("b", b)) : nn.Sequential(("pool", nn.MaxPool3d(2)), ("a", a), ("b", b)));
        }
        for (int l = levels - 2; l >= 0; l--)
        {
            long c = baseChannels << l;
            up.Add(nn.ConvTranspose3d(c * 2, c, 2, stride: 2));
            dec.Add(new SkipFuse($"dec{l}", c));
        }
        head1 = new ConvBnRelu("head1", baseChannels, dim, 1, 1);
        head2 = nn.Conv3d(dim, dim, 1);
        RegisterComponents();
    }

    public long InChannels { get; }
    public long BaseChannels { get; }
    public int Levels { get; }
    public long Dim { get; }
#pragma warning disable IDE1006
    private readonly ModuleList<nn.Module<Tensor, Tensor>> enc;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> up;
    private readonly ModuleList<SkipFuse> dec;
    private readonly ConvBnRelu head1;
    private readonly Conv3d head2;
#pragma warning restore IDE1006

    /// <summary>Encoder blocks (each: 2x2x2 max-pool except level 0, then two <see cref="ConvBnRelu"/>), finest first.</summary>
    public IReadOnlyList<ConvBnRelu[]> EncoderBlocks => enc.Select(m => ((Sequential)m).children().OfType<ConvBnRelu>().ToArray()).ToList();
    /// <summary>Transposed convolutions, coarsest first.</summary>
    public IReadOnlyList<ConvTranspose3d> Upsamplers => up.Cast<ConvTranspose3d>().ToList();
    /// <summary>Decoder fusions of upsampled and skip features, coarsest first.</summary>
    public IReadOnlyList<SkipFuse> DecoderBlocks => dec.ToList();
    public ConvBnRelu Head1 => head1;
    public Conv3d Head2 => head2;

    public override Tensor forward(Tensor x)
    {
        var skips = new List<Tensor>();
        var h = x;
        for (int l = 0; l < Levels; l++)
        {
            h = enc[l].forward(h);
            skips.Add(h);
        }
        for (int i = 0; i < Levels - 1; i++)
        {
            int l = Levels - 2 - i;
            h = dec[i].forward(up[i].forward(h), skips[l]);
        }
        return head2.forward(head1.forward(h));
    }
}
