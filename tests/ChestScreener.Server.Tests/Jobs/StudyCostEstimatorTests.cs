using ChestScreener.Server.Jobs;
using ChestScreener.Server.Options;
using ChestScreener.Tests;
using Microsoft.Extensions.Logging.Abstractions;
using ChestScreener.Server.Tests.Uploads;

namespace ChestScreener.Server.Tests.Jobs;

/// <summary>The memory estimate of a study comes from its volume's size read from headers, not from how many bytes were uploaded.</summary>
public sealed class StudyCostEstimatorTests : IDisposable
{
    private readonly TempFolder _data = TestData.NewTempFolder();

    public void Dispose() => _data.Dispose();

    private static StudyCostEstimator Estimator(ServerOptions? o = null) =>
        new(Microsoft.Extensions.Options.Options.Create(o ?? new ServerOptions()), NullLogger<StudyCostEstimator>.Instance);

    [Fact]
    public void A_small_nifti_claiming_a_billion_voxels_costs_tens_of_gigabytes()
    {
        var input = Directory.CreateDirectory(Path.Combine(_data.Path, "input")).FullName;
        var file = TestNifti.HeaderOnlyGz(1024, 1024, 1000, 2_100_000);
        File.WriteAllBytes(Path.Combine(input, "zeros.nii.gz"), file);
        var cost = Estimator().Estimate(input, file.Length, _data.Path);
        Assert.Equal((1024, 1024, 1000), (cost.Volume!.SizeX, cost.Volume.SizeY, cost.Volume.SizeZ));
        // 1 GiB + 32 B x 1,048,576,000 voxels; the upload-size rule (20 B per byte) said 42 MB.
        Assert.Equal((1L << 30) + 32L * 1024 * 1024 * 1000, cost.Bytes);
        Assert.True(cost.Bytes > (8192L << 20));
    }

    [Fact]
    public void A_header_claiming_more_than_its_file_can_hold_is_not_measured()
    {
        var input = Directory.CreateDirectory(Path.Combine(_data.Path, "input")).FullName;
        // 2 GB of voxels cannot come out of 100 kB of deflate: the reader refuses it cheaply, so the upload size is the estimate.
        var file = TestNifti.HeaderOnlyGz(1024, 1024, 1000, 100_000);
        File.WriteAllBytes(Path.Combine(input, "zeros.nii.gz"), file);
        var cost = Estimator().Estimate(input, file.Length, _data.Path);
        Assert.Null(cost.Volume);
        Assert.Equal((long)(file.Length * 20.0), cost.Bytes);
    }

    [SkippableFact]
    public void A_dicom_series_is_measured_from_its_tags()
    {
        var lidc = TestData.Require("chest/lidc-idri-0314");
        var cost = Estimator(new ServerOptions { MemoryPerVoxel = 10, MemoryPerStudyMb = 0 }).Estimate(lidc, 1, _data.Path);
        Assert.Equal((512, 512, 275), (cost.Volume!.SizeX, cost.Volume.SizeY, cost.Volume.SizeZ));
        Assert.Equal(10L * 512 * 512 * 275, cost.Bytes);
        Assert.Contains("512x512x275", cost.Describe());
    }

    [Fact]
    public void An_input_without_a_readable_volume_falls_back_to_the_upload_size()
    {
        var input = Directory.CreateDirectory(Path.Combine(_data.Path, "input")).FullName;
        File.WriteAllBytes(Path.Combine(input, "notes.txt"), "hello"u8.ToArray());
        var cost = Estimator().Estimate(input, 1000, _data.Path);
        Assert.False(cost.FromVolume);
        Assert.Equal(20_000, cost.Bytes);
    }
}
