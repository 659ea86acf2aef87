using ChestScreener.Tests;

namespace ChestScreener.Model.Tests;

public class ModelPackageTests
{
    [Fact]
    public void ShippedPackageLoadsWithItsDecisionThresholds()
    {
        var dir = Path.Combine(TestData.RepoRoot, "models", ModelPackage.DefaultName);
        var p = ModelPackage.Load(dir);
        Assert.Equal("screener-v1", p.Name);
        Assert.Equal(0.7, p.Decision.VoxelThreshold);
        Assert.Equal(1800, p.Decision.VolumeLimitMm3);
        Assert.True(File.Exists(p.DescriptorPath));
        var density = p.LoadDensity();
        Assert.Equal(p.Config.Descriptor.Dim, density.DescriptorDim);
        Assert.True(p.Config.Calibration.NllAtThreshold > p.Config.Calibration.NllMedian);
    }

    [Fact]
    public void MissingFolderGivesAClearError()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => ModelPackage.Load("/nonexistent/model"));
        Assert.Contains("CHESTSCREENER_MODEL", e.Message);
    }
}
