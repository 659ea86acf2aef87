using ChestScreener.Training.Export;
using ChestScreener.Training.Networks;
using ChestScreener.Training.Ssl;

namespace ChestScreener.Training.Fitting;

/// <summary>Fit step 1: the trained descriptor network of the run folder as descriptor.onnx of the package (inference runs it with ONNX Runtime).</summary>
public static class DescriptorExport
{
    public const string OnnxFile = "descriptor.onnx";

    /// <returns>The path of the written ONNX file.</returns>
    public static string Export(string runDirectory, FitInputs inputs, string outDirectory, TextWriter log)
    {
        var net = new UNet3d(2, inputs.Run.BaseChannels, inputs.Run.Levels, inputs.Run.Dim);
        net.load(Path.Combine(runDirectory, DenseVicRegTrainer.DescriptorCheckpoint));
        net.eval();
        var onnxPath = Path.Combine(outDirectory, OnnxFile);
        File.WriteAllBytes(onnxPath, OnnxExporter.Export(net));
        log.WriteLine($"exported {onnxPath} ({new FileInfo(onnxPath).Length / 1024} KiB) from step {inputs.State.Step}");
        return onnxPath;
    }
}
