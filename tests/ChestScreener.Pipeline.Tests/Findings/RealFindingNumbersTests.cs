using ChestScreener.Reports;
using ChestScreener.Results;
using ChestScreener.Tests;

namespace ChestScreener.Pipeline.Tests.Findings;

/// <summary>
/// On real studies (LIDC-IDRI-0314, POPI-00; skipped when the data is missing): the study's anomalous volume is the sum of
/// its findings' anomalous volumes and the unlisted remainder, the verdict follows the limit written beside it, and every
/// finding's longest diameter and slice range agree with its voxels and boxes. The arithmetic needs findings, so this runs
/// screener-v1, which lists regions on both studies (the default screener-v2 lists none on POPI-00); a model that fails to
/// load fails the test.
/// </summary>
public class RealFindingNumbersTests
{
    [SkippableTheory]
    [InlineData("chest/lidc-idri-0314")]
    [InlineData("chest/popi-00")]
    public void Numbers_add_up_and_diameters_fit_the_boxes(string study)
    {
        var input = TestData.Require(study);
        var pipeline = StudyPipeline.CreateDefault(Path.Combine(TestData.RepoRoot, "models", "screener-v1"), new PipelineOptions { Threads = 2, Formats = OutputFormats.Json });
        using var temp = TestData.NewTempFolder();
        StudyResult r;
        using (pipeline) r = pipeline.Run(input, [input], _ => temp.Path).Result;

        Assert.True(r.Status == ResultStatus.Ok, $"{study}: {r.Rejection?.Message}");
        var findings = r.Findings!;
        Assert.NotEmpty(findings);
        double total = r.AnomalousVolumeMm3!.Value, other = r.OtherAnomalousVolumeMm3!.Value;
        double listed = findings.Sum(f => f.AnomalousVolumeMm3!.Value);
        Assert.True(other >= 0, $"{study}: other {other}");
        // Each number is rounded to 0.1 mm3, so the sum may be off by half of that per term.
        Assert.True(Math.Abs(total - listed - other) <= 0.05 * (findings.Count + 2), $"{study}: {total} != {listed} + {other}");
        Assert.Equal(r.Verdict == Verdict.Pathology, total > r.VolumeLimitMm3!.Value);
        foreach (var f in findings)
        {
            // Scores are above the voxel threshold and at most 1: the anomalous volume lies between threshold x extent and the extent.
            Assert.InRange(f.AnomalousVolumeMm3!.Value, 0.5 * f.VolumeMm3 - 0.1, f.VolumeMm3 + 0.1);
            var extent = Enumerable.Range(0, 3).Select(a => f.BboxMmLps.Max[a] - f.BboxMmLps.Min[a]).ToArray();
            double diagonal = Math.Sqrt(extent.Sum(e => e * e));
            double d = f.LongestDiameterMm!.Value;
            // At least the box's longest side less a voxel (the voxel-width allowance is along the diameter, not the axis),
            // at most its diagonal, and never less than a ball of the same volume.
            Assert.True(d >= extent.Max() - 1.5 && d <= diagonal + 0.1, $"{study} #{f.Id}: {d} mm in a box {string.Join("x", extent)}");
            Assert.True(d >= Math.Cbrt(6 * f.VolumeMm3 / Math.PI) - 0.1, $"{study} #{f.Id}: {d} mm for {f.VolumeMm3} mm3");
            Assert.Equal([f.BboxVoxel.Min[2] + 1, f.BboxVoxel.Max[2] + 1], f.SliceRange!);
        }
    }
}
