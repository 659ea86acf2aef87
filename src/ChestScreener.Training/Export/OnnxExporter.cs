using ChestScreener.Training.Networks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ChestScreener.Training.Export;

/// <summary>
/// Writes the descriptor <see cref="UNet3d"/> as ONNX by walking its module tree (TorchSharp has no exporter).
/// Eval-mode BatchNorm is folded into the preceding convolution(s): w' = w*g/sqrt(v+eps), b' = (b-m)*g/sqrt(v+eps)+beta.
/// Input "image" [n,c,d,h,w], output "descriptor" [n,dim,d,h,w]; d,h,w must be multiples of 2^(levels-1).
/// </summary>
public static class OnnxExporter
{
    public const string InputName = "image";
    public const string OutputName = "descriptor";
    private const double BnEps = 1e-5;

    public static byte[] Export(UNet3d net)
    {
        var g = new OnnxGraphBuilder("screener_descriptor");
        g.Input(InputName, "n", net.InChannels, "d", "h", "w");
        string h = InputName;
        var skips = new List<string>();
        var enc = net.EncoderBlocks;
        for (int l = 0; l < enc.Count; l++)
        {
            if (l > 0) h = g.Node("MaxPool", [h], ("kernel_shape", new long[] { 2, 2, 2 }), ("strides", new long[] { 2, 2, 2 }));
            foreach (var block in enc[l]) h = ConvBnRelu(g, block, h, $"enc{l}");
            skips.Add(h);
        }
        var ups = net.Upsamplers;
        var decs = net.DecoderBlocks;
        for (int i = 0; i < ups.Count; i++)
        {
            int l = enc.Count - 2 - i;
            var upW = Data(ups[i].weight!);
            var upB = Data(ups[i].bias!);
            string w = g.Initializer(g.Unique($"up{i}.w"), upW, ups[i].weight!.shape);
            string b = g.Initializer(g.Unique($"up{i}.b"), upB, ups[i].bias!.shape);
            string up = g.Node("ConvTranspose", [h, w, b], ("kernel_shape", new long[] { 2, 2, 2 }), ("strides", new long[] { 2, 2, 2 }));
            var fuse = decs[i];
            var (scale, shift) = Fold(fuse.Norm, null);
            string a = Conv(g, fuse.UpConv, up, scale, null, $"dec{i}.up", 1);
            string s = Conv(g, fuse.SkipConv, skips[l], scale, shift, $"dec{i}.skip", 1);
            h = g.Node("Relu", [g.Node("Add", [a, s])]);
        }
        h = ConvBnRelu(g, net.Head1, h, "head1");
        h = Conv(g, net.Head2, h, null, Data(net.Head2.bias!), "head2", 0);
        g.Node("Identity", [h], [OutputName]);
        g.Output(OutputName, "n", net.Dim, "d", "h", "w");
        return g.Build("chestscreener-training");
    }

    private static string ConvBnRelu(OnnxGraphBuilder g, ConvBnRelu block, string x, string prefix)
    {
        var (scale, shift) = Fold(block.Norm, null);
        string name = g.Unique(prefix);
        return g.Node("Relu", [Conv(g, block.Conv, x, scale, shift, name, block.Padding)]);
    }

    /// <summary>Conv with weights scaled per output channel and the given bias (null = no bias input).</summary>
    private static string Conv(OnnxGraphBuilder g, Conv3d conv, string x, float[]? scale, float[]? bias, string name, long pad)
    {
        var w = Data(conv.weight!);
        var shape = conv.weight!.shape;
        long perOut = w.Length / shape[0];
        if (scale != null)
        {
            for (int o = 0; o < shape[0]; o++)
                for (long k = 0; k < perOut; k++) w[o * perOut + k] *= scale[o];
        }
        var inputs = new List<string> { x, g.Initializer(name + ".w", w, shape) };
        if (bias != null) inputs.Add(g.Initializer(name + ".b", bias, shape[0]));
        return g.Node("Conv", inputs.ToArray(),
            ("kernel_shape", new[] { shape[2], shape[3], shape[4] }),
            ("pads", new[] { pad, pad, pad, pad, pad, pad }),
            ("strides", new long[] { 1, 1, 1 }));
    }

    /// <summary>Per-channel scale and shift of eval-mode BatchNorm applied after a bias-free convolution.</summary>
    private static (float[] Scale, float[] Shift) Fold(BatchNorm3d bn, float[]? convBias)
    {
        var gamma = Data(bn.weight!);
        var beta = Data(bn.bias!);
        var mean = Data(bn.running_mean!);
        var var = Data(bn.running_var!);
        var scale = new float[gamma.Length];
        var shift = new float[gamma.Length];
        for (int c = 0; c < gamma.Length; c++)
        {
            scale[c] = (float)(gamma[c] / Math.Sqrt(var[c] + BnEps));
            shift[c] = (float)(((convBias?[c] ?? 0) - mean[c]) * scale[c] + beta[c]);
        }
        return (scale, shift);
    }

    private static float[] Data(Tensor t)
    {
        using var c = t.detach().cpu().contiguous();
        return c.data<float>().ToArray();
    }
}
