using ChestScreener.Tests;

namespace ChestScreener.Model.Tests;

public class ModelPackageTests
{
    [Fact]
    public void The_default_package_is_screener_v2_with_the_cross_validated_rule()
    {
        // Loaded when neither --model nor $CHESTSCREENER_MODEL names another; the rule the patient-level cross-validation
        // validated: lungs only, no hysteresis growth.
        var dir = Path.Combine(TestData.RepoRoot, "models", ModelPackage.DefaultName);
        var p = ModelPackage.Load(dir);
        Assert.Equal("screener-v2", p.Name);
        Assert.Equal(0.7, p.Decision.VoxelThreshold);
        Assert.Equal(1800, p.Decision.VolumeLimitMm3);
        Assert.Equal(0, p.Decision.LungMarginMm);
        Assert.Null(p.Config.Calibration.Growth);
        Assert.Equal(p.Config.Descriptor.Dim, p.LoadDensity().DescriptorDim);
        Assert.True(p.Config.Calibration.NllAtThreshold > p.Config.Calibration.NllMedian);
        // The package stays small enough to ship in the repository (issue 15: at most 30 MB; the checkpoint is not part of it).
        long bytes = new[] { "model.json", "descriptor.onnx", "density.json" }.Sum(f => new FileInfo(Path.Combine(dir, f)).Length);
        Assert.InRange(bytes, 1, 30L << 20);
    }

    [Fact]
    public void Screener_v1_stays_loadable_with_its_own_rule()
    {
        var p = ModelPackage.Load(Path.Combine(TestData.RepoRoot, "models", "screener-v1"));
        Assert.Equal("screener-v1", p.Name);
        Assert.Equal(10, p.Decision.LungMarginMm);
        Assert.NotNull(p.Config.Calibration.Growth);
        Assert.Equal(p.Config.Descriptor.Dim, p.LoadDensity().DescriptorDim);
        Assert.True(p.Config.Calibration.NllAtThreshold > p.Config.Calibration.NllMedian);
    }

    [Fact]
    public void MissingFolderGivesAClearError()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => ModelPackage.Load("/nonexistent/model"));
        Assert.Contains("CHESTSCREENER_MODEL", e.Message);
    }
}
