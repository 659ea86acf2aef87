using System.IO.Compression;
using ChestScreener.Pipeline;
using ChestScreener.Reports;
using ChestScreener.Server.Processing;
using ChestScreener.Tests;

namespace ChestScreener.Server.Tests.Api;

/// <summary>The real pipeline behind the API: the LIDC study as a zip gives the same result as `screener analyze` (the same StudyPipeline) on that zip.</summary>
public sealed class PipelineApiTests
{
    [SkippableFact] // skips only without ../shared/data
    public async Task Lidc_zip_through_the_api_matches_the_pipeline_run_directly()
    {
        var lidc = TestData.Require("chest/lidc-idri-0314");
        // A model that does not load is a failure of this test, not a reason to skip it.
        var direct = StudyPipeline.CreateDefault(null, new PipelineOptions { Formats = OutputFormats.Json });
        using var _ = direct;
        using var data = TestData.NewTempFolder();
        var zip = Path.Combine(data.Path, "lidc-idri-0314.zip");
        ZipFile.CreateFromDirectory(lidc, zip, CompressionLevel.Fastest, includeBaseDirectory: true);

        var expected = direct.Run(zip, [zip]).Result;

        var processor = new PipelineStudyProcessor(new Server.Options.ServerOptions());
        using var factory = new ServerFactory(Path.Combine(data.Path, "server"), processor,
            new Dictionary<string, string> { ["Screener:Processor"] = "pipeline" });
        var client = factory.CreateClient();
        // The server loads the model for its one worker at start-up, before any study arrives.
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); processor.PipelineCount == 0 && waited.Elapsed < TimeSpan.FromMinutes(3);) await Task.Delay(100);
        Assert.Equal(1, processor.PipelineCount);
        var study = await TestUploads.UploadAsync(client, ("lidc-idri-0314.zip", await File.ReadAllBytesAsync(zip)));
        var done = await TestUploads.WaitFinishedAsync(client, study.Id, TimeSpan.FromMinutes(10));
        var actual = done.Result!;

        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Verdict, actual.Verdict);
        Assert.Equal(expected.StudyUid, actual.StudyUid);
        Assert.Equal(expected.ProbabilityOfPathology!.Value, actual.ProbabilityOfPathology!.Value, 6);
        Assert.Equal(expected.Findings!.Count, actual.Findings!.Count);
        for (var i = 0; i < expected.Findings.Count; i++)
        {
            Assert.Equal(expected.Findings[i].BboxVoxel.Min, actual.Findings[i].BboxVoxel.Min);
            Assert.Equal(expected.Findings[i].BboxVoxel.Max, actual.Findings[i].BboxVoxel.Max);
            Assert.Equal(expected.Findings[i].Region, actual.Findings[i].Region);
        }
        Assert.Equal(1, processor.PipelineCount); // the study ran on the warmed pipeline, not on a second one
        foreach (var file in new[] { "volume.nii.gz", "anomaly.nii.gz", "regions.nii.gz", "report.pdf" })
            Assert.Contains(file, done.Links.Keys);
    }
}
