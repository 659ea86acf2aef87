using ChestScreener.Model.Inference;
using ChestScreener.Tests;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Export;
using ChestScreener.Training.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace ChestScreener.Training.Tests.Export;

public class OnnxExporterTests
{
    [Fact]
    public void OnnxRuntimeOutputEqualsTorchSharpOutput()
    {
        torch.random.manual_seed(7);
        var net = new UNet3d(inChannels: 2, baseChannels: 4, levels: 3, dim: 8);
        // A few train-mode passes give BatchNorm non-trivial running statistics, so the folding is really tested.
        net.train();
        for (int i = 0; i < 3; i++)
        {
            using var warm = torch.rand(new long[] { 2, 2, 16, 16, 16 }) * 3 - 1;
            net.forward(warm).Dispose();
        }
        net.eval();
        using var x = torch.rand(new long[] { 1, 2, 16, 24, 8 });
        float[] expected;
        using (torch.no_grad())
        using (var y = net.forward(x))
        {
            expected = y.contiguous().data<float>().ToArray();
        }

        using var dir = TestData.NewTempFolder();
        {
            var path = dir.File("descriptor.onnx");
            File.WriteAllBytes(path, OnnxExporter.Export(net));
            using var runner = new DescriptorRunner(path, new DescriptorConfig { InChannels = 2, Dim = 8, WindowSize = 16 }, new PreprocessingConfig(), 1);
            var actual = runner.Forward(x.contiguous().data<float>().ToArray(), 16, 24, 8);
            Assert.Equal(expected.Length, actual.Length);
            double maxDiff = 0;
            for (int i = 0; i < actual.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(actual[i] - expected[i]));
            Assert.True(maxDiff <= 1e-4, $"max abs difference {maxDiff:G3}");
            Assert.True(expected.Max() - expected.Min() > 0.1, "output should not be constant");
        }
    }
}
