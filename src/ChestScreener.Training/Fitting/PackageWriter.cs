using System.Text.Json;
using ChestScreener.Model;
using ChestScreener.Model.Calibration;
using ChestScreener.Model.Density;
using ChestScreener.Model.Preprocessing;
using ChestScreener.Training.Data;

namespace ChestScreener.Training.Fitting;

/// <summary>Fit step 8: the package files beside descriptor.onnx (density.json, model.json) and fit-report.json in the run folder.</summary>
public static class PackageWriter
{
    public const string DensityFile = "density.json";
    public const string ReportFile = "fit-report.json";

    public static void Write(FitPaths paths, FitOptions o, FitInputs inputs, DescriptorConfig descriptor, Manifest manifest, DensityModel shipped, string variant,
        ScoreCalibration calibration, IReadOnlyDictionary<string, object> report)
    {
        shipped.Save(Path.Combine(paths.OutDirectory, DensityFile));
        var config = new ModelConfig
        {
            Name = o.Name,
            Version = o.Version,
            Preprocessing = inputs.Preprocessing,
            Descriptor = descriptor,
            Density = new DensityConfig(),
            Calibration = calibration,
            Decision = new DecisionThresholds { AirwayMarginMm = o.AirwayMarginMm, LungMarginMm = o.LungMarginMm, MediastinumMarginMm = o.MediastinumMarginMm },
            Training = Training(inputs, manifest, shipped, variant),
        };
        File.WriteAllText(Path.Combine(paths.OutDirectory, ModelPackage.ConfigFile), JsonSerializer.Serialize(config, ModelConfig.JsonOptions));
        File.WriteAllText(Path.Combine(paths.RunDirectory, ReportFile), JsonSerializer.Serialize(report, ModelConfig.JsonOptions));
    }

    /// <summary>model.json "training": how the package was made, in words and the run's numbers.</summary>
    private static Dictionary<string, JsonElement> Training(FitInputs inputs, Manifest manifest, DensityModel shipped, string variant)
    {
        var (run, state) = (inputs.Run, inputs.State);
        var training = new Dictionary<string, object>
        {
            ["method"] = shipped.Conditional
                ? "DenseVICReg descriptor UNet (TorchSharp) + full-covariance Gaussian mixture (EM) of descriptor and context on normal voxels, scored as -log q(descriptor | context)"
                : "DenseVICReg descriptor UNet (TorchSharp) + full-covariance Gaussian mixture (EM) on normal voxels",
            ["studies"] = manifest.Entries.Select(e => e.Name).ToArray(),
            ["exclusion_dilation_mm"] = run.DilateMm,
            ["steps"] = state.Step,
            ["minutes"] = Math.Round(state.ElapsedSeconds / 60, 1),
            ["final_loss"] = Math.Round(state.LastLoss, 4),
            ["crop"] = run.Crop,
            ["batch_pairs"] = run.BatchPairs,
            ["mixture_components"] = shipped.Mixture.Components,
            ["density_variant"] = variant,
            ["smoothing_mm"] = shipped.SmoothingMm,
        };
        return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(training, ModelConfig.JsonOptions), ModelConfig.JsonOptions)!;
    }
}
